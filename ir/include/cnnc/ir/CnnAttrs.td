// The cnn dialect's attributes: the schedule of a kernel.
#ifndef CNN_ATTRS
#define CNN_ATTRS

def Cnn_ScheduleAttr : AttrDef<Cnn_Dialect, "Schedule"> {
  let mnemonic = "schedule";
  let summary = "How the kernel of an op is scheduled: vectors, register tile, parallel tasks.";
  let description = [{
    Every number of the op's Halide schedule. `vector` is the lanes along the output's
    dimension 0 (its channels); `tile` the register tile of a blocked sum along the output's
    dimensions in Halide's order (innermost first; dimension 0 counted in vectors), absent for
    kernels without one; `task` the iterations of the kernel's parallel loop each task runs;
    `stage_vectors` and `stage_tasks` the same for each copy the kernel stages before its sum.
    The verifier checks it against the op (ScheduleSpace in Schedule.h).

    ```mlir
    cnn.schedule = #cnn.schedule<vector = 16, tile = [2, 4, 1], task = 3>
    ```
  }];
  let parameters = (ins "int64_t":$vector, ArrayRefParameter<"int64_t">:$tile, "int64_t":$task,
                    ArrayRefParameter<"int64_t">:$stageVectors,
                    ArrayRefParameter<"int64_t">:$stageTasks);
  let extraClassDeclaration = [{
    /// The schedule this attribute holds.
    ::cnnc::Schedule getSchedule() const;
    static ScheduleAttr get(::mlir::MLIRContext *context, const ::cnnc::Schedule &schedule);
  }];
}

#endif // CNN_ATTRS
