// A schedule set by hand is checked where it is written: ill-typed or unknown dimensions when the
// IR is parsed, impossible ones by the verifier at the op, with its location.
// RUN: cnn-opt %s -split-input-file -verify-diagnostics

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{expected integer value}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = "sixteen", tile = [1, 1, 1], task = 1>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{unknown schedule dimension 'row_blok'; a schedule has vector, tile, task, stage_vectors and stage_tasks}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = 8, tile = [1, 1, 1], task = 1, row_blok = 3>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{unknown schedule dimension 'unroll'}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = 8, unroll = 4, tile = [1, 1, 1], task = 1>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{schedule dimension 'task' given twice}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = 8, tile = [1, 1, 1], task = 1, task = 2>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{'cnn.conv2d' op schedule's vector 3 is not a power of two from 1 to 64}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = 3, tile = [1, 1, 1], task = 1>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{'cnn.conv2d' op schedule's tile[1] 15 exceeds the 14 values of the output's dimension 1}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = 8, tile = [1, 15, 1], task = 1>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{'cnn.conv2d' op schedule's tile[0] 2 vectors exceeds the 8 values of the output's dimension 0}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = 8, tile = [2, 1, 1], task = 1>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{'cnn.conv2d' op schedule's tile has 2 dimensions, the kernel blocks 3}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = 8, tile = [1, 1], task = 1>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{'cnn.conv2d' op schedule's task must be at least 1 (rows of tiles of every sample per parallel task)}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = #cnn.schedule<vector = 8, tile = [1, 1, 1], task = 0>, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{'cnn.conv2d' op cnn.schedule must be a #cnn.schedule<...> attribute, got {vector_width = 16 : i64}}}
  %1 = cnn.conv2d %0 {activation = "relu", cnn.schedule = {vector_width = 16}, filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x8xf32>
  // expected-error @+1 {{'cnn.conv2d_grad_input' op schedule's stages need 2 stage_vectors and stage_tasks (one per staged copy), got 1 and 1}}
  %1 = cnn.conv2d_grad_input %0 {cnn.schedule = #cnn.schedule<vector = 8, tile = [1, 1, 1], task = 1, stage_vectors = [8], stage_tasks = [1]>, kernel_size = [3, 3], layer = "c", padding = "same", strides = [1, 1]} : tensor<?x14x14x8xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x8xf32>
  // expected-error @+1 {{'cnn.conv2d_grad_input' op schedule's stage_tasks[1] (gradient_spread) must be 1: the copy is made in each task of the kernel}}
  %1 = cnn.conv2d_grad_input %0 {cnn.schedule = #cnn.schedule<vector = 8, tile = [1, 1, 1], task = 1, stage_vectors = [8, 8], stage_tasks = [1, 4]>, kernel_size = [3, 3], layer = "c", padding = "same", strides = [1, 1]} : tensor<?x14x14x8xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x14x14x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x8xf32>
  // expected-error @+1 {{'cnn.relu_grad' op is a training op: its one kernel takes cnn.schedule}}
  %1 = cnn.relu_grad %0, %0 {cnn.training_schedule = #cnn.schedule<vector = 8, task = 1>, layer = "c"} : tensor<?x14x14x8xf32>, tensor<?x14x14x8xf32> -> tensor<?x14x14x8xf32>
  cnn.output %1 : tensor<?x14x14x8xf32>
}

// -----

func @m() -> tensor<?x7x7x8xf32> {
  %0 = cnn.input {name = "x"} : tensor<?x14x14x1xf32>
  // expected-error @+1 {{'cnn.fused' op schedule's tile[2] 3 exceeds the 2 rows of a pooling window}}
  %1 = cnn.fused %0 {cnn.schedule = #cnn.schedule<vector = 8, tile = [1, 2, 3], task = 1>, name = "c+p"} : (tensor<?x14x14x1xf32>) -> tensor<?x7x7x8xf32> {
  ^bb0(%in: tensor<?x14x14x1xf32>):
    %c = cnn.conv2d %in {activation = "relu", filters = 8 : i64, kernel_size = [3, 3], name = "c", padding = "same", strides = [1, 1], use_bias = true} : tensor<?x14x14x1xf32> -> tensor<?x14x14x8xf32>
    %p = cnn.maxpool2d %c {name = "p", padding = "valid", pool_size = [2, 2], strides = [2, 2]} : tensor<?x14x14x8xf32> -> tensor<?x7x7x8xf32>
    cnn.yield %p : tensor<?x7x7x8xf32>
  }
  cnn.output %1 : tensor<?x7x7x8xf32>
}
