// The cnn dialect's enumerations: Keras's padding, activation functions and losses. Stored as
// the strings Keras uses; their accessors return C++ enums (CnnEnums.h.inc), and the verifier
// refuses any other string.
#ifndef CNN_ENUMS
#define CNN_ENUMS

include "mlir/IR/OpBase.td"

// A StrEnumAttr whose accessor returns the enum rather than the string.
class Cnn_StrEnumAttr<string name, string summary, list<StrEnumAttrCase> cases>
    : StrEnumAttr<name, summary, cases> {
  let cppNamespace = "::cnnc::cnn";
  let returnType = "::cnnc::cnn::" # name;
  let convertFromStorage = "*::cnnc::cnn::symbolize" # name # "($_self.getValue())";
  let constBuilderCall = "$_builder.getStringAttr(::cnnc::cnn::stringify" # name # "($0))";
}

def Cnn_PaddingAttr : Cnn_StrEnumAttr<"Padding",
    "Keras's padding: 'same' adds zeros so that the output is ceil(input / stride), 'valid' none",
    [StrEnumAttrCase<"same">, StrEnumAttrCase<"valid">]>;

def Cnn_ActivationAttr : Cnn_StrEnumAttr<"Activation",
    "an activation function: 'linear', 'relu', 'softmax', 'sigmoid' or 'tanh'",
    [StrEnumAttrCase<"linear">, StrEnumAttrCase<"relu">, StrEnumAttrCase<"softmax">,
     StrEnumAttrCase<"sigmoid">, StrEnumAttrCase<"tanh">]>;

// The losses cnnc trains with (the `cnn.compile` attribute's names; TrainingSettings.h).
def Cnn_LossAttr : Cnn_StrEnumAttr<"Loss", "a loss cnnc trains with",
    [StrEnumAttrCase<"sparse_categorical_crossentropy">,
     StrEnumAttrCase<"categorical_crossentropy">, StrEnumAttrCase<"binary_crossentropy">,
     StrEnumAttrCase<"mse">, StrEnumAttrCase<"mae">]>;

def Cnn_FloatLossAttr : Cnn_StrEnumAttr<"FloatLoss",
    "a loss on float targets: 'binary_crossentropy', 'mse' or 'mae'",
    [StrEnumAttrCase<"binary_crossentropy">, StrEnumAttrCase<"mse">, StrEnumAttrCase<"mae">]>;

#endif // CNN_ENUMS
