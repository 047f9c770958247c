// cnn-fuse-conv-relu-pool: Conv2D, its ReLU and the pooling after them as one cnn.fused op.
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/BlockAndValueMapping.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

namespace cnnc {
namespace {

/// The users of a value in the model's forward layers, and in its training graph.
struct Users {
  SmallVector<Operation *> layers, training;
};

Users usersOf(Value value) {
  Users users;
  for (Operation *user : value.getUsers())
    (cnn::isTrainingOp(user) ? users.training : users.layers).push_back(user);
  return users;
}

/// A chain to fuse: a convolution, the ReLU layer after it unless the convolution applies its
/// own, and a pooling layer, or none.
struct Chain {
  cnn::Conv2DOp conv;
  Operation *relu = nullptr;
  Operation *pool = nullptr;
  // Training: the max pooling and ReLU gradients the fused gradient replaces.
  Operation *poolGrad = nullptr, *reluGrad = nullptr;

  Value activation() { return relu ? relu->getResult(0) : conv.output(); }
  Operation *last() { return pool ? pool : relu ? relu : conv.getOperation(); }
};

/// The backward pass of max pooling over `activation`, a ReLU's output, when it is nothing but
/// maxpool2d_grad(g, activation) feeding relu_grad(that, activation): they become one.
bool findPoolReluGrads(Chain &chain, const Users &users) {
  cnn::MaxPool2DGradOp poolGrad;
  cnn::ReluGradOp reluGrad;
  for (Operation *user : users.training) {
    if (auto grad = dyn_cast<cnn::MaxPool2DGradOp>(user))
      poolGrad = grad;
    else if (auto grad = dyn_cast<cnn::ReluGradOp>(user))
      reluGrad = grad;
  }
  if (users.training.size() != 2)
    return false;
  if (!poolGrad || !reluGrad || poolGrad.layer() != cnn::layerName(chain.pool) ||
      poolGrad.inputs()[1] != chain.activation() || reluGrad.inputs()[0] != poolGrad.output() ||
      reluGrad.inputs()[1] != chain.activation() || !poolGrad.output().hasOneUse())
    return false;
  chain.poolGrad = poolGrad;
  chain.reluGrad = reluGrad;
  return true;
}

/// The chain that starts at `conv`, or none. Values inside a chain must have no other users, so
/// that only its last output leaves the fused op; a pooled ReLU output may also feed its own
/// backward pass, which then uses the winners of max pooling instead (average pooling's would
/// need the whole activation, so it stays apart in training).
Optional<Chain> chainFrom(cnn::Conv2DOp conv) {
  Chain chain{conv};
  if (conv.activation() == cnn::Activation::linear) {
    Users users = usersOf(conv.output());
    if (users.layers.size() != 1 || !users.training.empty() || !isa<cnn::ReluOp>(users.layers[0]))
      return llvm::None;
    chain.relu = users.layers[0];
  } else if (conv.activation() != cnn::Activation::relu) {
    return llvm::None;
  }
  Users users = usersOf(chain.activation());
  if (users.layers.size() == 1 && isa<cnn::MaxPool2DOp, cnn::AvgPool2DOp>(users.layers[0])) {
    chain.pool = users.layers[0];
    bool keepsWhatBackwardNeeds = users.training.empty() || (isa<cnn::MaxPool2DOp>(chain.pool) &&
                                                             findPoolReluGrads(chain, users));
    if (!keepsWhatBackwardNeeds)
      chain.pool = nullptr;
  }
  if (!chain.pool && !chain.relu)
    return llvm::None; // a convolution with its own ReLU is one kernel already
  return chain;
}

SmallVector<NamedAttribute> poolAttrs(Operation *pool, Builder &b) {
  SmallVector<NamedAttribute> attrs;
  for (StringRef name : {"pool_size", "strides", "padding"})
    attrs.push_back(b.getNamedAttr(name, pool->getAttr(name)));
  return attrs;
}

/// Replaces the chain with a cnn.fused op holding copies of its layers, and its max pooling and
/// ReLU gradients with one cnn.maxpool2d_relu_grad reading the winners the fused op keeps.
void fuse(Chain chain) {
  Operation *last = chain.last();
  OpBuilder b(last);
  SmallVector<Operation *> layers{chain.conv};
  for (Operation *op : {chain.relu, chain.pool})
    if (op)
      layers.push_back(op);
  std::string name;
  for (Operation *op : layers)
    name += (name.empty() ? "" : "+") + cnn::layerName(op).str();

  SmallVector<Type> resultTypes{last->getResult(0).getType()};
  if (chain.reluGrad)
    resultTypes.push_back(chain.pool->getResult(0).getType());
  Value input = chain.conv.input();
  auto fused = b.create<cnn::FusedOp>(chain.conv.getLoc(), resultTypes, ValueRange{input},
                                      b.getStringAttr(name));
  Block *body = b.createBlock(&fused.body(), {}, input.getType(), chain.conv.getLoc());
  BlockAndValueMapping mapping;
  mapping.map(input, body->getArgument(0));
  for (Operation *op : layers)
    b.clone(*op, mapping);
  SmallVector<Value> yielded{mapping.lookup(Value(last->getResult(0)))};
  if (chain.reluGrad)
    yielded.push_back(b.create<cnn::MaxPool2DWinnersOp>(chain.pool->getLoc(), resultTypes[1],
                                                        mapping.lookup(chain.activation()),
                                                        poolAttrs(chain.pool, b)));
  b.create<cnn::YieldOp>(chain.conv.getLoc(), yielded);
  last->getResult(0).replaceAllUsesWith(fused.getResult(0));

  if (chain.reluGrad) {
    b.setInsertionPoint(chain.reluGrad);
    SmallVector<NamedAttribute> attrs = poolAttrs(chain.pool, b);
    attrs.push_back(b.getNamedAttr("layer", chain.poolGrad->getAttr("layer")));
    Value grad = b.create<cnn::MaxPool2DReluGradOp>(
        chain.reluGrad->getLoc(), chain.reluGrad->getResultTypes(),
        ValueRange{chain.poolGrad->getOperand(0), fused.getResult(1)}, attrs);
    chain.reluGrad->getResult(0).replaceAllUsesWith(grad);
    chain.reluGrad->erase();
    chain.poolGrad->erase();
  }
  for (Operation *op : llvm::reverse(layers))
    op->erase();
}

class FuseConvReluPoolPass : public PassWrapper<FuseConvReluPoolPass, OperationPass<ModuleOp>> {
public:
  StringRef getArgument() const override { return "cnn-fuse-conv-relu-pool"; }
  StringRef getName() const override { return "FuseConvReluPool"; }
  StringRef getDescription() const override {
    return "Fuse Conv2D, its ReLU and the pooling layer after them into one cnn.fused op";
  }

  void runOnOperation() override {
    SmallVector<Chain> chains;
    for (FuncOp func : getOperation().getOps<FuncOp>())
      func.walk([&](cnn::Conv2DOp conv) {
        if (!isa<cnn::FusedOp>(conv->getParentOp()))
          if (Optional<Chain> chain = chainFrom(conv))
            chains.push_back(*chain);
      });
    for (const Chain &chain : chains)
      fuse(chain);
  }
};

} // namespace

std::unique_ptr<Pass> createFuseConvReluPoolPass() {
  return std::make_unique<FuseConvReluPoolPass>();
}

} // namespace cnnc
