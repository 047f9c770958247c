// The training program of a cnn module, read from its training graph and emitted as C.
#include "TrainingTable.h"
#include "TrainingFuncs.h"
#include "cnnc/codegen/Flops.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/Params.h"
#include "cnnc/ir/TrainingSettings.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace cnnc {
namespace {

cnn_buffer_ref ref(cnn_buffer_kind kind, int index, int flat = 0) { return {kind, index, flat}; }

bool isUpdate(Operation *op) { return cnn::isOptimizerUpdate(op); }

cnn_step_phase phaseOf(Operation *op) {
  if (!cnn::isTrainingOp(op))
    return CNN_PHASE_FORWARD;
  return isUpdate(op) ? CNN_PHASE_UPDATE : CNN_PHASE_BACKWARD;
}

/// The optimizer of an update op.
cnn_optimizer_desc optimizerOf(Operation *op) {
  auto value = [&](StringRef name) {
    return op->getAttrOfType<FloatAttr>(name).getValueAsDouble();
  };
  cnn_optimizer_desc optimizer{};
  optimizer.learning_rate = value("learning_rate");
  if (isa<cnn::AdamUpdateOp>(op)) {
    optimizer.kind = CNN_OPTIMIZER_ADAM;
    optimizer.beta_1 = value("beta_1");
    optimizer.beta_2 = value("beta_2");
    optimizer.epsilon = value("epsilon");
  } else if (isa<cnn::RmspropUpdateOp>(op)) {
    optimizer.kind = CNN_OPTIMIZER_RMSPROP;
    optimizer.rho = value("rho");
    optimizer.momentum = value("momentum");
    optimizer.epsilon = value("epsilon");
  } else {
    optimizer.kind = CNN_OPTIMIZER_SGD;
    optimizer.momentum = value("momentum");
    auto nesterov = op->getAttrOfType<BoolAttr>("nesterov");
    optimizer.nesterov = nesterov && nesterov.getValue();
  }
  return optimizer;
}

/// An update reads the gradient and writes the parameter and its slots in place, all flat.
void updateArguments(Operation *op, int param, TrainingStep &step) {
  std::vector<cnn_buffer_kind> state{CNN_BUFFER_PARAM, CNN_BUFFER_SLOT0};
  if (cnn::optimizerSlots(op) == 2)
    state.push_back(CNN_BUFFER_SLOT1);
  step.inputs.push_back(ref(CNN_BUFFER_GRAD, param, 1));
  for (cnn_buffer_kind kind : state) {
    step.inputs.push_back(ref(kind, param, 1));
    step.outputs.push_back(ref(kind, param, 1));
  }
}

/// The parameters a step reads after its operands: a layer's own, or the kernel a backward op
/// multiplies by.
std::vector<std::string> paramsRead(Operation *op) {
  std::vector<std::string> names;
  if (auto fused = dyn_cast<cnn::FusedOp>(op)) {
    for (Operation &layer : fused.body().front())
      for (const cnn::ParamSpec &spec : cnn::layerParams(&layer))
        names.push_back(spec.name);
  } else if (!cnn::isTrainingOp(op))
    for (const cnn::ParamSpec &spec : cnn::layerParams(op))
      names.push_back(spec.name);
  else if (std::string param = paramReadBy(op); !param.empty())
    names.push_back(param);
  return names;
}

/// The loss a loss gradient op differentiates, for the runtime to report; its output's index is
/// the one of the labels or targets it reads, its metrics those compile() gives that output.
/// The runtime's kind of a loss on float targets.
cnn_loss_kind lossKind(cnn::FloatLoss loss) {
  switch (loss) {
  case cnn::FloatLoss::binary_crossentropy:
    return CNN_LOSS_BINARY_CROSSENTROPY;
  case cnn::FloatLoss::mse:
    return CNN_LOSS_MSE;
  case cnn::FloatLoss::mae:
    break;
  }
  return CNN_LOSS_MAE;
}

cnn_loss_desc lossOf(Operation *op, cnn_buffer_ref predictions,
                     const cnn::TrainingSettings &compile) {
  cnn_loss_desc loss{};
  Operation *targets = op->getOperand(1).getDefiningOp();
  loss.output = (int)targets->getAttrOfType<IntegerAttr>("output").getInt();
  auto weight = op->getAttrOfType<FloatAttr>("weight");
  loss.weight = weight ? weight.getValueAsDouble() : 1.0;
  loss.predictions = predictions;
  auto targetLoss = dyn_cast<cnn::LossGradOp>(op);
  loss.kind = !targetLoss ? CNN_LOSS_CROSSENTROPY : lossKind(targetLoss.loss());
  if (loss.kind == CNN_LOSS_CROSSENTROPY || loss.kind == CNN_LOSS_BINARY_CROSSENTROPY)
    loss.metrics |= CNN_METRIC_ACCURACY;
  if ((size_t)loss.output < compile.outputs.size())
    for (const std::string &metric : compile.outputs[loss.output].metrics)
      loss.metrics |= metric == "mae" ? CNN_METRIC_MAE : metric == "mse" ? CNN_METRIC_MSE : 0;
  return loss;
}

class TableReader {
public:
  TableReader(const ModelTable &model, llvm::function_ref<std::string(Operation *)> kernelOf,
              const cnn::TrainingSettings &compile)
      : model(model), kernelOf(kernelOf), compile(compile) {
    for (Operation *layer : model.layers)
      for (const cnn::ParamSpec &spec : cnn::layerParams(layer))
        paramIndex.try_emplace(spec.name, (int)paramIndex.size());
  }

  FailureOr<TrainingTable> read(Block &body) {
    for (Operation &op : body)
      if (isUpdate(&op) && failed(readUpdate(&op)))
        return failure();
    for (Operation &op : body)
      if (failed(readOp(&op)))
        return failure();
    if (table.losses.empty()) {
      body.getParentOp()->emitError("the training graph has no loss");
      return failure();
    }
    llvm::stable_sort(table.losses, [](const cnn_loss_desc &a, const cnn_loss_desc &b) {
      return a.output < b.output;
    });
    return table;
  }

private:
  LogicalResult readUpdate(Operation *op) {
    StringRef param = op->getAttrOfType<StringAttr>("param").getValue();
    auto found = paramIndex.find(param);
    if (found == paramIndex.end())
      return op->emitError() << "updates '" << param << "', which is not a parameter of the model";
    cnn_optimizer_desc optimizer = optimizerOf(op);
    if (!gradientOf.empty() && optimizer.kind != table.optimizer.kind)
      return op->emitError("the training graph mixes optimizers");
    table.optimizer = optimizer;
    gradientOf[op->getOperand(0)] = found->second;
    return success();
  }

  LogicalResult readOp(Operation *op) {
    if (isa<cnn::OutputOp>(op))
      return success();
    if (isa<cnn::InputOp>(op)) {
      int layer = model.layerOf.lookup(op->getResult(0));
      int input = (int)(llvm::find(model.inputs, layer) - model.inputs.begin());
      refOf[op->getResult(0)] = ref(CNN_BUFFER_INPUT, input);
      return success();
    }
    if (isa<cnn::LabelsOp, cnn::TargetsOp>(op)) {
      int output = (int)op->getAttrOfType<IntegerAttr>("output").getInt();
      if (output >= (int)model.outputs.size())
        return op->emitError() << "reads the targets of output " << output << " of a model with "
                               << model.outputs.size();
      refOf[op->getResult(0)] =
          ref(isa<cnn::LabelsOp>(op) ? CNN_BUFFER_LABELS : CNN_BUFFER_TARGETS, output);
      return success();
    }
    bool training = cnn::isTrainingOp(op);
    TrainingStep step{training ? trainingOpName(op) : cnn::layerName(op).str(),
                      phaseOf(op),
                      kernelOf(op),
                      {},
                      {},
                      scalarOf(op),
                      flopsPerSample(op)};
    if (isUpdate(op)) {
      updateArguments(op, gradientOf.lookup(op->getOperand(0)), step);
    } else {
      for (Value operand : op->getOperands())
        step.inputs.push_back(refOf.lookup(operand));
      for (const std::string &name : paramsRead(op))
        step.inputs.push_back(ref(CNN_BUFFER_PARAM, paramIndex.lookup(name)));
      for (Value result : op->getResults()) {
        step.outputs.push_back(resultRef(result, step));
        refOf[result] = step.outputs.back();
      }
    }
    if (isa<cnn::SoftmaxCrossEntropyGradOp, cnn::LossGradOp>(op))
      table.losses.push_back(lossOf(op, step.inputs[0], compile));
    if (step.inputs.size() + step.outputs.size() > CNN_MAX_STEP_ARGS)
      return op->emitError() << "takes more than " << CNN_MAX_STEP_ARGS
                             << " buffers, more than a training step can";
    table.steps.push_back(std::move(step));
    return success();
  }

  /// A parameter's gradient goes to the runtime's buffer; any other value to a new temp, which a
  /// view shares with its input. A second result (what a fused op keeps) is named "<step>.kept".
  cnn_buffer_ref resultRef(Value result, const TrainingStep &step) {
    auto gradient = gradientOf.find(result);
    if (gradient != gradientOf.end())
      return ref(CNN_BUFFER_GRAD, gradient->second);
    std::string name = step.name + (step.outputs.empty() ? "" : ".kept");
    TrainingTemp temp{name, result.getType().cast<ShapedType>().getShape().vec(), -1};
    for (int64_t &extent : temp.shape)
      if (extent == ShapedType::kDynamicSize)
        extent = -1;
    if (step.kernel.empty() && step.inputs[0].kind == CNN_BUFFER_TEMP)
      temp.alias = step.inputs[0].index;
    table.temps.push_back(std::move(temp));
    return ref(CNN_BUFFER_TEMP, (int)table.temps.size() - 1);
  }

  const ModelTable &model;
  llvm::function_ref<std::string(Operation *)> kernelOf;
  const cnn::TrainingSettings &compile;
  llvm::StringMap<int> paramIndex;
  llvm::DenseMap<Value, int> gradientOf; // a parameter's gradient -> the parameter's index
  llvm::DenseMap<Value, cnn_buffer_ref> refOf;
  TrainingTable table;
};

const char *const kKindNames[] = {"CNN_BUFFER_INPUT",  "CNN_BUFFER_TEMP",   "CNN_BUFFER_PARAM",
                                  "CNN_BUFFER_GRAD",   "CNN_BUFFER_SLOT0",  "CNN_BUFFER_SLOT1",
                                  "CNN_BUFFER_LABELS", "CNN_BUFFER_TARGETS"};
const char *const kPhaseNames[] = {"CNN_PHASE_FORWARD", "CNN_PHASE_BACKWARD", "CNN_PHASE_UPDATE"};
const char *const kScalarNames[] = {"CNN_SCALAR_NONE", "CNN_SCALAR_DROPOUT_SEED",
                                    "CNN_SCALAR_STEP_SIZE"};

std::string refSource(const cnn_buffer_ref &ref) {
  return std::string("{") + kKindNames[ref.kind] + ", " + std::to_string(ref.index) + ", " +
         std::to_string(ref.flat) + "}";
}

} // namespace

FailureOr<TrainingTable> readTrainingTable(ModuleOp module, const ModelTable &table,
                                           llvm::function_ref<std::string(Operation *)> kernelOf) {
  FuncOp func = *module.getOps<FuncOp>().begin();
  FailureOr<cnn::TrainingSettings> compile = cnn::readCompileAttr(func);
  if (failed(compile))
    return failure();
  return TableReader(table, kernelOf, *compile).read(func.getBody().front());
}

std::string trainingDescriptor(const TrainingTable &table) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "static const cnn_temp_desc temps[] = {\n";
  for (const TrainingTemp &temp : table.temps)
    os << "  {" << cString(temp.name) << ", " << temp.shape.size() << ", " << braced(temp.shape)
       << ", " << temp.alias << "},\n";
  os << "};\n\nstatic const cnn_loss_desc losses[] = {\n";
  for (const cnn_loss_desc &loss : table.losses)
    os << "  {" << loss.output << ", " << loss.kind << ", " << llvm::format("%.17g", loss.weight)
       << ", " << loss.metrics << ", " << refSource(loss.predictions) << "},\n";
  os << "};\n\nstatic const cnn_step_desc steps[] = {\n";
  for (const TrainingStep &step : table.steps) {
    os << "  {" << cString(step.name) << ", " << kPhaseNames[step.phase] << ", "
       << (step.kernel.empty() ? "0" : step.kernel + "_argv") << ", " << step.inputs.size() << ", "
       << step.outputs.size() << ", {";
    std::vector<cnn_buffer_ref> args = step.inputs;
    args.insert(args.end(), step.outputs.begin(), step.outputs.end());
    for (size_t i = 0; i < args.size(); ++i)
      os << (i ? ", " : "") << refSource(args[i]);
    os << "}, " << kScalarNames[step.scalar] << ", " << llvm::format("%.17g", step.flops) << "},\n";
  }
  const cnn_optimizer_desc &o = table.optimizer;
  os << "};\n\nstatic const cnn_train_desc train = {\n  {" << o.kind << ", "
     << llvm::format("%.17g, %.17g, %.17g, %.17g, %.17g, %.17g, ", o.learning_rate, o.beta_1,
                     o.beta_2, o.epsilon, o.momentum, o.rho)
     << o.nesterov << "},\n  " << table.temps.size() << ", temps, " << table.steps.size()
     << ", steps, " << table.losses.size() << ", losses};\n";
  return os.str();
}

} // namespace cnnc
