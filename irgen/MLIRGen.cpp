// Lowering of a checked Model to the cnn dialect: one op per layer, types inferred.
#include "cnnc/irgen/MLIRGen.h"
#include "ModelSettings.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/FitAttr.h"
#include "cnnc/ir/TrainingSettings.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace cnnc {
namespace {

class MLIRGenImpl {
public:
  explicit MLIRGenImpl(MLIRContext &context) : builder(&context) {}

  OwningOpRef<ModuleOp> generate(const Model &model) {
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc(model.loc));
    auto func = FuncOp::create(loc(model.loc), model.name, builder.getFunctionType({}, {}));
    if (model.functional)
      func->setAttr("cnn.functional", builder.getUnitAttr());
    if (model.compile.present)
      func->setAttr(cnn::kCompileAttrName, compileAttrOf(builder, model.compile));
    if (model.fit.present)
      func->setAttr(cnn::kFitAttrName, fitAttrOf(builder, model.fit));
    module->push_back(func);
    builder.setInsertionPointToStart(func.addEntryBlock());

    for (const Layer &layer : model.layers) {
      Value value = generate(layer);
      if (!value)
        return nullptr;
      values.push_back(value);
    }
    SmallVector<Value> outputs;
    for (int index : model.outputs)
      outputs.push_back(values[index]);
    builder.create<cnn::OutputOp>(loc(model.loc), outputs);
    func.setType(builder.getFunctionType({}, ValueRange(outputs).getTypes()));
    if (failed(verify(*module)))
      return nullptr;
    return module;
  }

private:
  OpBuilder builder;
  std::vector<Value> values; // one per layer of the model

  mlir::Location loc(const cnnc::Location &where) {
    return FileLineColLoc::get(builder.getStringAttr(where.file ? *where.file : "<unknown>"),
                               where.line, where.col);
  }

  /// Creates an op whose result type is inferred, or reports why it cannot be.
  template <typename Op> Value create(const Layer &layer, ArrayRef<NamedAttribute> attrs) {
    SmallVector<Value> operands;
    for (int input : layer.inputs)
      operands.push_back(values[input]);
    SmallVector<NamedAttribute> all{
        builder.getNamedAttr("name", builder.getStringAttr(layer.name))};
    all.append(attrs.begin(), attrs.end());
    auto dictionary = builder.getDictionaryAttr(all);
    SmallVector<Type, 1> types;
    if (failed(Op::inferReturnTypes(builder.getContext(), loc(layer.loc), operands, dictionary, {},
                                    types)))
      return nullptr;
    return builder.create<Op>(loc(layer.loc), types, operands, dictionary.getValue());
  }

  NamedAttribute pair(StringRef key, const std::array<int64_t, 2> &values) {
    return builder.getNamedAttr(key, builder.getI64ArrayAttr({values[0], values[1]}));
  }
  NamedAttribute string(StringRef key, StringRef value) {
    return builder.getNamedAttr(key, builder.getStringAttr(value));
  }
  NamedAttribute integer(StringRef key, int64_t value) {
    return builder.getNamedAttr(key, builder.getI64IntegerAttr(value));
  }

  Value generate(const Layer &layer) {
    switch (layer.kind) {
    case LayerKind::Input: {
      SmallVector<int64_t, 4> shape{ShapedType::kDynamicSize};
      shape.append(layer.shape.begin(), layer.shape.end());
      auto type = RankedTensorType::get(shape, builder.getF32Type());
      return builder.create<cnn::InputOp>(loc(layer.loc), type, layer.name);
    }
    case LayerKind::Conv2D:
      return create<cnn::Conv2DOp>(
          layer, {integer("filters", layer.units), pair("kernel_size", layer.kernel),
                  pair("strides", layer.strides), string("padding", paddingName(layer.padding)),
                  string("activation", activationName(layer.activation)),
                  builder.getNamedAttr("use_bias", builder.getBoolAttr(layer.useBias))});
    case LayerKind::MaxPooling2D:
      return create<cnn::MaxPool2DOp>(layer, {pair("pool_size", layer.kernel),
                                              pair("strides", layer.strides),
                                              string("padding", paddingName(layer.padding))});
    case LayerKind::AveragePooling2D:
      return create<cnn::AvgPool2DOp>(layer, {pair("pool_size", layer.kernel),
                                              pair("strides", layer.strides),
                                              string("padding", paddingName(layer.padding))});
    case LayerKind::Dense:
      return create<cnn::DenseOp>(
          layer,
          {integer("units", layer.units), string("activation", activationName(layer.activation)),
           builder.getNamedAttr("use_bias", builder.getBoolAttr(layer.useBias))});
    case LayerKind::Flatten:
      return create<cnn::FlattenOp>(layer, {});
    case LayerKind::Reshape:
      return create<cnn::ReshapeOp>(
          layer, {builder.getNamedAttr("target_shape", builder.getI64ArrayAttr(layer.shape))});
    case LayerKind::Dropout:
      return create<cnn::DropoutOp>(
          layer, {builder.getNamedAttr("rate", builder.getF64FloatAttr(layer.rate))});
    case LayerKind::ReLU:
      return create<cnn::ReluOp>(layer, {});
    case LayerKind::Softmax:
      return create<cnn::SoftmaxOp>(layer, {});
    case LayerKind::Activation:
      return create<cnn::ActivationOp>(layer,
                                       {string("function", activationName(layer.activation))});
    case LayerKind::Add:
      return create<cnn::AddOp>(layer, {});
    case LayerKind::Concatenate:
      return create<cnn::ConcatOp>(layer, {integer("axis", layer.axis)});
    }
    llvm_unreachable("unknown layer kind");
  }
};

} // namespace

OwningOpRef<ModuleOp> mlirGen(MLIRContext &context, const Model &model) {
  return MLIRGenImpl(context).generate(model);
}

} // namespace cnnc
