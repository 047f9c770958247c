// Test models as data: the model-language source and the reference evaluation come from one spec.
#include "ModelSpec.h"

#include <sstream>

namespace cnnc::test {

static LayerSpec layer(Kind kind, std::string name, std::vector<std::string> inputs) {
  LayerSpec l;
  l.kind = kind;
  l.name = std::move(name);
  l.inputs = std::move(inputs);
  return l;
}

LayerSpec input(std::string name, std::vector<int64_t> shape) {
  LayerSpec l = layer(Kind::Input, std::move(name), {});
  l.shape = std::move(shape);
  return l;
}

LayerSpec conv(std::string name, std::string in, int64_t filters, Window w, Act act, bool bias) {
  LayerSpec l = layer(Kind::Conv, std::move(name), {std::move(in)});
  l.units = filters;
  l.window = w;
  l.act = act;
  l.bias = bias;
  return l;
}

LayerSpec pool(std::string name, std::string in, Window w, bool isMax) {
  LayerSpec l = layer(isMax ? Kind::MaxPool : Kind::AvgPool, std::move(name), {std::move(in)});
  l.window = w;
  return l;
}

LayerSpec dense(std::string name, std::string in, int64_t units, Act act, bool bias) {
  LayerSpec l = layer(Kind::Dense, std::move(name), {std::move(in)});
  l.units = units;
  l.act = act;
  l.bias = bias;
  return l;
}

LayerSpec unary(Kind kind, std::string name, std::string in) {
  return layer(kind, std::move(name), {std::move(in)});
}

LayerSpec activation(std::string name, std::string in, Act act) {
  LayerSpec l = layer(Kind::Activation, std::move(name), {std::move(in)});
  l.act = act;
  return l;
}

LayerSpec reshape(std::string name, std::string in, std::vector<int64_t> shape) {
  LayerSpec l = layer(Kind::Reshape, std::move(name), {std::move(in)});
  l.shape = std::move(shape);
  return l;
}

LayerSpec merge(Kind kind, std::string name, std::vector<std::string> inputs) {
  return layer(kind, std::move(name), std::move(inputs));
}

namespace {

const char *actName(Act act) {
  switch (act) {
  case Act::Relu:
    return "'relu'";
  case Act::Softmax:
    return "'softmax'";
  case Act::Sigmoid:
    return "'sigmoid'";
  case Act::Tanh:
    return "'tanh'";
  default:
    return "None";
  }
}

std::string windowArgs(const Window &w, const char *sizeKey) {
  std::ostringstream os;
  os << sizeKey << "=(" << w.kh << ", " << w.kw << "), strides=(" << w.sh << ", " << w.sw
     << "), padding='" << (w.same ? "same" : "valid") << "'";
  return os.str();
}

std::string call(const LayerSpec &l) {
  std::ostringstream os;
  switch (l.kind) {
  case Kind::Input:
    os << "Input(shape=(";
    for (size_t i = 0; i < l.shape.size(); ++i)
      os << (i ? ", " : "") << l.shape[i];
    os << (l.shape.size() == 1 ? ",)" : ")");
    break;
  case Kind::Conv:
    os << "Conv2D(" << l.units << ", " << windowArgs(l.window, "kernel_size")
       << ", activation=" << actName(l.act) << ", use_bias=" << (l.bias ? "True" : "False");
    break;
  case Kind::MaxPool:
  case Kind::AvgPool:
    os << (l.kind == Kind::MaxPool ? "MaxPooling2D(" : "AveragePooling2D(")
       << windowArgs(l.window, "pool_size");
    break;
  case Kind::Dense:
    os << "Dense(" << l.units << ", activation=" << actName(l.act)
       << ", use_bias=" << (l.bias ? "True" : "False");
    break;
  case Kind::Flatten:
    os << "Flatten(";
    break;
  case Kind::Reshape:
    os << "Reshape((";
    for (int64_t size : l.shape)
      os << size << ",";
    os << ")";
    break;
  case Kind::Dropout:
    os << "Dropout(" << l.rate;
    break;
  case Kind::Relu:
    os << "ReLU(";
    break;
  case Kind::Softmax:
    os << "Softmax(";
    break;
  case Kind::Activation:
    os << "Activation(" << actName(l.act);
    break;
  case Kind::Add:
    os << "Add(";
    break;
  case Kind::Concat:
    os << "Concatenate(";
    break;
  }
  bool noArgs = os.str().back() == '(';
  os << (noArgs ? "" : ", ") << "name='" << l.name << "')";
  return os.str();
}

} // namespace

std::string ModelSpec::source() const {
  std::ostringstream os;
  os << "model " << name << " {\n";
  for (const LayerSpec &l : layers) {
    os << "    " << l.name << " = " << call(l);
    if (l.kind == Kind::Add || l.kind == Kind::Concat) {
      os << "([";
      for (size_t i = 0; i < l.inputs.size(); ++i)
        os << (i ? ", " : "") << l.inputs[i];
      os << "])";
    } else if (!l.inputs.empty()) {
      os << "(" << l.inputs[0] << ")";
    }
    os << "\n";
  }
  os << "    outputs = [";
  for (size_t i = 0; i < outputs.size(); ++i)
    os << (i ? ", " : "") << outputs[i];
  os << "]\n";
  if (!compile.empty())
    os << "    " << compile << "\n";
  os << "}\n";
  return os.str();
}

std::map<std::string, Tensor>
ModelSpec::evaluate(const std::map<std::string, Tensor> &inputs,
                    const std::function<Tensor(const std::string &)> &param,
                    std::optional<uint32_t> dropoutSeed) const {
  std::map<std::string, Tensor> out;
  for (size_t index = 0; index < layers.size(); ++index) {
    const LayerSpec &l = layers[index];
    std::vector<Tensor> in;
    for (const std::string &name : l.inputs)
      in.push_back(out.at(name));
    bool weighted = l.kind == Kind::Conv || l.kind == Kind::Dense;
    Tensor bias = weighted && l.bias ? param(l.name + ".bias") : Tensor();
    switch (l.kind) {
    case Kind::Input:
      out[l.name] = inputs.at(l.name);
      break;
    case Kind::Conv:
      out[l.name] = conv2d(in[0], param(l.name + ".kernel"), bias, l.window, l.act);
      break;
    case Kind::MaxPool:
    case Kind::AvgPool:
      out[l.name] = pool2d(in[0], l.window, l.kind == Kind::MaxPool);
      break;
    case Kind::Dense:
      out[l.name] = test::dense(in[0], param(l.name + ".kernel"), bias, l.act);
      break;
    case Kind::Flatten:
      out[l.name] = flatten(in[0]);
      break;
    case Kind::Reshape: // the same values in order; the reference needs only the element count
      out[l.name] = flatten(in[0]);
      out[l.name].shape.resize(1);
      out[l.name].shape.insert(out[l.name].shape.end(), l.shape.begin(), l.shape.end());
      break;
    case Kind::Dropout:
      // The identity at inference; layers are numbered in the order the spec lists them.
      out[l.name] = dropoutSeed ? dropout(in[0], l.rate, *dropoutSeed, (int)index) : in[0];
      break;
    case Kind::Relu:
      out[l.name] = activate(in[0], Act::Relu);
      break;
    case Kind::Softmax:
      out[l.name] = activate(in[0], Act::Softmax);
      break;
    case Kind::Activation:
      out[l.name] = activate(in[0], l.act);
      break;
    case Kind::Add:
      out[l.name] = add(in);
      break;
    case Kind::Concat:
      out[l.name] = concatLastAxis(in);
      break;
    }
  }
  return out;
}

} // namespace cnnc::test
