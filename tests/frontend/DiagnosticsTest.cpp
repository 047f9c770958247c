// Tests of every frontend error: the exact "file:line:col: error: message" and its notes.
#include "FrontendTestUtil.h"

using namespace cnnc;
using cnnc::test::firstError;
using cnnc::test::inModel;
using cnnc::test::Source;

namespace {

const char *const input = "Input(shape=(28, 28, 1))\n"; // body line 1, file line 2

// --- Lexical and syntax errors ---

TEST(ParseErrors, EmptyFileAsksForAModel) {
  EXPECT_EQ(firstError(""), "t.cnn:1:1: error: expected 'model NAME { ... }', found end of file");
}

TEST(ParseErrors, FileWithOnlyCommentsAsksForAModelAtTheTop) {
  EXPECT_EQ(firstError("# nothing here\n\n# still nothing\n"),
            "t.cnn:1:1: error: expected 'model NAME { ... }', found end of file");
}

TEST(ParseErrors, FileNotStartingWithModelNamesWhatItFound) {
  EXPECT_EQ(firstError("Input(shape=(4,))"),
            "t.cnn:1:1: error: expected 'model NAME { ... }', found 'Input'");
}

TEST(ParseErrors, MissingModelNameAndBrace) {
  EXPECT_EQ(firstError("model {"),
            "t.cnn:1:7: error: expected the model's name after 'model', found '{'");
  EXPECT_EQ(firstError("model m\nInput()"),
            "t.cnn:2:1: error: expected '{' after the model's name, found 'Input'");
}

TEST(ParseErrors, UnexpectedCharacterIsReportedWhereItStands) {
  EXPECT_EQ(firstError(inModel("Input(shape=(4,)) $")),
            "t.cnn:2:19: error: unexpected character '$'");
}

TEST(ParseErrors, UnterminatedStringPointsAtItsOpeningQuote) {
  EXPECT_EQ(firstError(inModel("Dense(2, activation='relu)\nDense(3)")),
            "t.cnn:2:21: error: unterminated string; expected a closing '");
}

TEST(ParseErrors, UnterminatedBlockIsReportedAtEndOfFileWithANoteAtTheBrace) {
  Source source("model m {\n  Input(shape=(4,))\n");
  EXPECT_FALSE(source.parse());
  EXPECT_EQ(source.diagnostics(), "t.cnn:3:1: error: expected '}' to close model 'm', found end "
                                  "of file\n"
                                  "\n"
                                  "^\n"
                                  "t.cnn:1:9: note: to match this '{'\n"
                                  "model m {\n"
                                  "        ^\n");
}

TEST(ParseErrors, TextAfterTheModelIsRejected) {
  EXPECT_EQ(firstError("model m { Input(shape=(4,)) } Dense(2)"),
            "t.cnn:1:31: error: expected end of file after the model's closing '}', found 'Dense'");
}

TEST(ParseErrors, StatementMustStartWithAnIdentifier) {
  EXPECT_EQ(firstError(inModel("(3)")),
            "t.cnn:2:1: error: expected a statement (a layer call or 'NAME = ...'), found '('");
}

TEST(ParseErrors, UnclosedCallNotesItsParenthesis) {
  Source source(inModel("Dense(2\nFlatten()"));
  EXPECT_FALSE(source.parse());
  EXPECT_EQ(source.diagnostics(),
            "t.cnn:3:1: error: expected ',' or ')' after an argument of 'Dense', found 'Flatten'\n"
            "Flatten()\n"
            "^\n"
            "t.cnn:2:6: note: to match this '('\n"
            "Dense(2\n"
            "     ^\n");
}

TEST(ParseErrors, UnclosedTupleAndList) {
  EXPECT_EQ(firstError(inModel("Input(shape=(4, 4 name='x')")),
            "t.cnn:2:19: error: expected ',' or ')', found 'name'");
  EXPECT_EQ(firstError(inModel("z = Add()([a, b)")),
            "t.cnn:2:16: error: expected ',' or ']', found ')'");
}

TEST(ParseErrors, PositionalArgumentAfterKeywordArgument) {
  EXPECT_EQ(firstError(inModel("Conv2D(kernel_size=3, 32)")),
            "t.cnn:2:23: error: positional argument follows keyword argument");
}

TEST(ParseErrors, MissingValue) {
  EXPECT_EQ(firstError(inModel("Dense(units=)")), "t.cnn:2:13: error: expected a value, found ')'");
  EXPECT_EQ(firstError(inModel("Dense(- 'a')")),
            "t.cnn:2:9: error: expected a number after '-', found string 'a'");
}

TEST(ParseErrors, MalformedAndOverlargeNumbers) {
  EXPECT_EQ(firstError(inModel("Dense(3x)")), "t.cnn:2:7: error: invalid number '3x'");
  EXPECT_EQ(firstError(inModel("Dense(1.2.3)")), "t.cnn:2:7: error: invalid number '1.2.3'");
  EXPECT_EQ(firstError(inModel("Dense(99999999999999999999)")),
            "t.cnn:2:7: error: integer '99999999999999999999' is too large");
}

TEST(ParseErrors, LayerAppliedToTwoTensorsWithoutAList) {
  EXPECT_EQ(firstError(inModel("z = Add()(x, y)")),
            "t.cnn:2:12: error: a layer is applied to one tensor or to a list of tensors; write "
            "'Add(...)([a, b])'");
}

TEST(ParseErrors, LayerOutputAppliedAgain) {
  EXPECT_EQ(firstError(inModel("y = Dense(2)(x)(z)")),
            "t.cnn:2:16: error: a layer's output is a tensor and cannot be applied to anything");
}

TEST(ParseErrors, DeepNestingIsAnErrorNotACrash) {
  // Dense's '(' is level 1, so the 200th bracket, at column 6 + 200, is one level too deep.
  std::string lists = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(firstError(inModel("Dense(" + lists + ")")),
            "t.cnn:2:206: error: expression nested too deeply");
  std::string calls;
  for (int i = 0; i < 100000; ++i)
    calls += "f(";
  // The 201st call's '(' stands at column 2 * 201.
  EXPECT_EQ(firstError(inModel(calls)), "t.cnn:2:402: error: expression nested too deeply");
}

TEST(ParseErrors, DeeplyNestedApplicationsAreAnErrorNotACrash) {
  // 30,000 layers applied one inside the other overflowed the stack. Call k + 1 starts at column
  // 7 k + 1; the 200 applications around it leave no level for its '(', at 7 * 200 + 5.
  std::string applications;
  for (int i = 0; i < 30000; ++i)
    applications += "ReLU()(";
  applications += "x" + std::string(30000, ')');
  EXPECT_EQ(firstError(inModel(applications)), "t.cnn:2:1405: error: expression nested too deeply");
}

TEST(ParseErrors, LongNumbersAreRefusedBeforeTheyAreConverted) {
  // A float of 50,000 digits overflowed the stack inside LLVM's conversion.
  EXPECT_EQ(firstError(inModel("Dense(1." + std::string(50000, '1') + ")")),
            "t.cnn:2:7: error: a number of 50002 characters is too long (at most 100)");
  EXPECT_EQ(firstError(inModel("Dense(-" + std::string(100, '9') + ")")),
            "t.cnn:2:7: error: a number of 101 characters is too long (at most 100)");
  // 1e309 became 'inf' in the generated C, which the C compiler refused.
  EXPECT_EQ(firstError(inModel("compile(optimizer=Adam(learning_rate=1e309))")),
            "t.cnn:2:38: error: number '1e309' is too large for a double");
  EXPECT_EQ(firstError(inModel("Dense(" + std::string(100, '9') + ")")),
            "t.cnn:2:7: error: integer '" + std::string(100, '9') + "' is too large");
}

// --- Layer names and arguments ---

TEST(BindErrors, UnknownLayerSuggestsTheClosestKnownOne) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2d(32, 3)")),
            "t.cnn:3:1: error: unknown layer 'Conv2d'; did you mean 'Conv2D'?");
  EXPECT_EQ(firstError(inModel(std::string(input) + "maxpooling2d()")),
            "t.cnn:3:1: error: unknown layer 'maxpooling2d'; did you mean 'MaxPooling2D'?");
}

TEST(BindErrors, UnknownLayerFarFromAnyKnownOneHasNoSuggestion) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Frobnicate(32)")),
            "t.cnn:3:1: error: unknown layer 'Frobnicate'");
}

// A Keras layer cnnc lacks is named as such, not as a typo of a layer it has.
TEST(BindErrors, KerasLayerNotSupportedYet) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "LSTM(32)")),
            "t.cnn:3:1: error: Keras layer 'LSTM' is not supported yet");
  EXPECT_EQ(firstError(inModel(std::string(input) + "GlobalAveragePooling2D()")),
            "t.cnn:3:1: error: Keras layer 'GlobalAveragePooling2D' is not supported yet");
}

TEST(BindErrors, MisspelledKeywordSuggestsTheRightOne) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(32, kernal_size=3)")),
            "t.cnn:3:12: error: Conv2D has no argument 'kernal_size'; did you mean "
            "'kernel_size'?");
}

TEST(BindErrors, KeywordFromAnotherLayerHasNoSuggestion) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Flatten(data_format='channels_last')")),
            "t.cnn:3:9: error: Flatten has no argument 'data_format'");
}

TEST(BindErrors, StringWhereAPositiveIntegerBelongs) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D('32', 3)")),
            "t.cnn:3:8: error: argument 'filters' of Conv2D must be a positive integer, got a "
            "string");
}

TEST(BindErrors, NegativeAndZeroCounts) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(-3, 3)")),
            "t.cnn:3:8: error: argument 'filters' of Conv2D must be a positive integer, got -3");
  EXPECT_EQ(firstError(inModel(std::string(input) + "Flatten()\nDense(units=0)")),
            "t.cnn:4:13: error: argument 'units' of Dense must be a positive integer, got 0");
  EXPECT_EQ(firstError(inModel(std::string(input) + "Flatten()\nDense(2.5)")),
            "t.cnn:4:7: error: argument 'units' of Dense must be a positive integer, got 2.5");
}

TEST(BindErrors, PaddingOutsideSameAndValid) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(8, 3, padding='full')")),
            "t.cnn:3:22: error: argument 'padding' of Conv2D must be 'same' or 'valid', got "
            "'full'");
  EXPECT_EQ(firstError(inModel(std::string(input) + "MaxPooling2D(padding=1)")),
            "t.cnn:3:22: error: argument 'padding' of MaxPooling2D must be 'same' or 'valid', "
            "got 1");
}

TEST(BindErrors, UnsupportedActivation) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(8, 3, activation='elu')")),
            "t.cnn:3:25: error: argument 'activation' of Conv2D must be 'relu', 'softmax', "
            "'sigmoid', 'tanh', 'linear' or None, got 'elu'");
}

TEST(BindErrors, KernelSizeOfWrongArityOrWithZero) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(8, (3, 3, 3))")),
            "t.cnn:3:11: error: argument 'kernel_size' of Conv2D must be a positive integer or a "
            "tuple of 2 positive integers, got (3, 3, 3)");
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(8, 3, strides=(1, 0))")),
            "t.cnn:3:22: error: argument 'strides' of Conv2D must be a positive integer or a "
            "tuple of 2 positive integers, got (1, 0)");
  EXPECT_EQ(firstError(inModel(std::string(input) + "MaxPooling2D(2, [2, 2])")),
            "t.cnn:3:17: error: argument 'strides' of MaxPooling2D must be None, a positive "
            "integer or a tuple of 2 positive integers, got [2, 2]");
}

TEST(BindErrors, InputShapeOfWrongRankOrWithZero) {
  EXPECT_EQ(firstError(inModel("Input(shape=(28, 28, 1, 1))")),
            "t.cnn:2:13: error: argument 'shape' of Input must be a tuple of 1 to 3 positive "
            "integers, got (28, 28, 1, 1)");
  EXPECT_EQ(firstError(inModel("Input(shape=(0,))")),
            "t.cnn:2:13: error: argument 'shape' of Input must be a tuple of 1 to 3 positive "
            "integers, got (0,)");
  EXPECT_EQ(firstError(inModel("Input(shape=784)")),
            "t.cnn:2:13: error: argument 'shape' of Input must be a tuple of 1 to 3 positive "
            "integers, got 784");
}

TEST(BindErrors, DropoutRateOutsideZeroToOne) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Dropout(1.0)")),
            "t.cnn:3:9: error: argument 'rate' of Dropout must be a number in [0, 1), got 1.0");
  EXPECT_EQ(firstError(inModel(std::string(input) + "Dropout(-0.1)")),
            "t.cnn:3:9: error: argument 'rate' of Dropout must be a number in [0, 1), got -0.1");
}

TEST(BindErrors, UseBiasMustBeABoolean) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(8, 3, use_bias='yes')")),
            "t.cnn:3:23: error: argument 'use_bias' of Conv2D must be True or False, got a "
            "string");
}

TEST(BindErrors, LayerNameMustBeANonEmptyString) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Flatten(name=f)")),
            "t.cnn:3:14: error: argument 'name' of Flatten must be a non-empty string, got f");
  EXPECT_EQ(firstError(inModel(std::string(input) + "Flatten(name='')")),
            "t.cnn:3:14: error: argument 'name' of Flatten must be a non-empty string, got ''");
}

TEST(BindErrors, MissingRequiredArgumentPointsAtTheLayer) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(32)")),
            "t.cnn:3:1: error: Conv2D is missing required argument 'kernel_size'");
  EXPECT_EQ(firstError(inModel("Input()")),
            "t.cnn:2:1: error: Input is missing required argument 'shape'");
}

TEST(BindErrors, TooManyPositionalArguments) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Conv2D(32, 3, 1, 'same', 'relu')")),
            "t.cnn:3:26: error: Conv2D takes at most 4 positional arguments, got 5");
  EXPECT_EQ(firstError(inModel(std::string(input) + "Dropout(0.1, 2)")),
            "t.cnn:3:14: error: Dropout takes at most 1 positional argument, got 2");
  EXPECT_EQ(firstError(inModel(std::string(input) + "Flatten('f')")),
            "t.cnn:3:9: error: Flatten takes no positional arguments");
}

TEST(BindErrors, ArgumentGivenTwiceNotesTheFirst) {
  Source source(inModel(std::string(input) + "Conv2D(32, 3, filters=16)"));
  EXPECT_FALSE(source.analyze());
  EXPECT_EQ(source.diagnostics(), "t.cnn:3:15: error: argument 'filters' of Conv2D is given twice\n"
                                  "Conv2D(32, 3, filters=16)\n"
                                  "              ^\n"
                                  "t.cnn:3:8: note: first given here\n"
                                  "Conv2D(32, 3, filters=16)\n"
                                  "       ^\n");
  EXPECT_EQ(firstError(inModel(std::string(input) + "Dense(2, name='a', name='b')")),
            "t.cnn:3:20: error: argument 'name' of Dense is given twice");
}

TEST(BindErrors, DuplicateLayerNameNotesTheFirstDefinition) {
  Source source(inModel(std::string(input) + "Conv2D(8, 3, name='c1')\nConv2D(8, 3, name='c1')"));
  EXPECT_FALSE(source.analyze());
  EXPECT_EQ(source.diagnostics(), "t.cnn:4:19: error: duplicate layer name 'c1'\n"
                                  "Conv2D(8, 3, name='c1')\n"
                                  "                  ^\n"
                                  "t.cnn:3:19: note: first used here\n"
                                  "Conv2D(8, 3, name='c1')\n"
                                  "                  ^\n");
}

// --- Tensors and the graph ---

TEST(GraphErrors, UndefinedTensor) {
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nb = Dense(2)(q)")),
            "t.cnn:3:14: error: undefined tensor 'q'");
}

TEST(GraphErrors, UndefinedTensorSuggestsAClosePreviousName) {
  EXPECT_EQ(firstError(inModel("image = Input(shape=(4,))\nb = Dense(2)(imgae)")),
            "t.cnn:3:14: error: undefined tensor 'imgae'; did you mean 'image'?");
}

TEST(GraphErrors, FirstLayerWithoutAnInput) {
  EXPECT_EQ(firstError(inModel("Conv2D(32, 3)\nInput(shape=(4,))")),
            "t.cnn:2:1: error: Conv2D has no input: a model starts with Input(shape=...) or a "
            "first layer with input_shape=...");
}

TEST(GraphErrors, MergeLayerInSequentialPosition) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "Add()")),
            "t.cnn:3:1: error: Add needs a list of at least 2 tensors; apply it to one: "
            "Add()([a, b])");
}

TEST(GraphErrors, MergeLayerGivenASingleTensorOrAShortList) {
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nz = Add()(a)")),
            "t.cnn:3:11: error: Add needs a list of at least 2 tensors, got a single tensor");
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nz = Concatenate()([a])")),
            "t.cnn:3:19: error: Concatenate needs a list of at least 2 tensors, got a list of 1");
}

TEST(GraphErrors, NonMergeLayerGivenAList) {
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nz = Dense(2)([a, a])")),
            "t.cnn:3:14: error: Dense takes a single tensor, got a list");
}

TEST(GraphErrors, InputAppliedToATensor) {
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nb = Input(shape=(4,))(a)")),
            "t.cnn:3:23: error: Input creates a tensor and cannot be applied to one");
}

TEST(GraphErrors, LayerCallWhereATensorBelongs) {
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nb = Dense(2)(Flatten())")),
            "t.cnn:3:14: error: Flatten(...) is a layer, not a tensor; apply it to a tensor: "
            "Flatten(...)(x)");
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nb = Dense(2)((a, a))")),
            "t.cnn:3:14: error: expected a tensor, got (a, a)");
}

TEST(GraphErrors, StatementThatIsNotALayerCall) {
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nb = c")),
            "t.cnn:3:5: error: expected a layer call, got c");
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\na")),
            "t.cnn:3:1: error: expected a layer call, got a");
}

TEST(GraphErrors, OutputsNamingAnUnknownTensor) {
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\noutputs = [a, b]")),
            "t.cnn:3:15: error: undefined tensor 'b'");
}

TEST(GraphErrors, OutputsGivenTwiceNotesTheFirst) {
  Source source(inModel("a = Input(shape=(4,))\noutputs = [a]\noutputs = [a]"));
  EXPECT_FALSE(source.analyze());
  EXPECT_EQ(source.diagnostics(), "t.cnn:4:1: error: outputs given twice\n"
                                  "outputs = [a]\n"
                                  "^\n"
                                  "t.cnn:3:1: note: first given here\n"
                                  "outputs = [a]\n"
                                  "^\n");
}

TEST(GraphErrors, EmptyOutputs) {
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\noutputs = []")),
            "t.cnn:3:11: error: outputs must list at least one tensor");
}

TEST(GraphErrors, ModelWithoutLayers) {
  EXPECT_EQ(firstError("model empty {\n}\n"), "t.cnn:1:7: error: model 'empty' has no layers");
}

// --- compile() ---

TEST(CompileErrors, UnsupportedLoss) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "compile(loss='poisson')")),
            "t.cnn:3:14: error: argument 'loss' of compile must be "
            "'sparse_categorical_crossentropy', 'categorical_crossentropy', "
            "'binary_crossentropy', 'mse' or 'mae', got 'poisson'");
}

TEST(CompileErrors, UnsupportedOptimizer) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "compile(optimizer=Adagrad(0.1))")),
            "t.cnn:3:19: error: argument 'optimizer' of compile must be 'adam', 'sgd', 'rmsprop', "
            "Adam(...), SGD(...) or RMSprop(...), got Adagrad(...)");
}

TEST(CompileErrors, BadOptimizerArguments) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "compile(optimizer=Adam(learning_rate=-1))")),
            "t.cnn:3:38: error: argument 'learning_rate' of Adam must be a positive number, got "
            "-1");
  EXPECT_EQ(firstError(inModel(std::string(input) + "compile(optimizer=SGD(momentun=0.9))")),
            "t.cnn:3:23: error: SGD has no argument 'momentun'; did you mean 'momentum'?");
  EXPECT_EQ(firstError(inModel(std::string(input) + "compile(optimizer=SGD(momentum=2))")),
            "t.cnn:3:32: error: argument 'momentum' of SGD must be a number in [0, 1], got 2");
}

TEST(CompileErrors, UnsupportedMetricPointsAtTheListElement) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "compile(metrics=['accuracy', 'auc'])")),
            "t.cnn:3:30: error: argument 'metrics' of compile must be 'accuracy', 'mae', 'mse' or "
            "one of their metric classes, got 'auc'");
  EXPECT_EQ(firstError(inModel(std::string(input) + "compile(metrics='mae')")),
            "t.cnn:3:17: error: metric 'mae' of output 'input_1': cnn measures mae on outputs "
            "trained with mse, mae or binary_crossentropy, and the output's loss is "
            "sparse_categorical_crossentropy; use 'accuracy'");
}

TEST(CompileErrors, CompileAssignedOrGivenTwiceOrUsedAsALayer) {
  EXPECT_EQ(firstError(inModel(std::string(input) + "c = compile()")),
            "t.cnn:3:1: error: compile(...) produces no tensor to assign to 'c'");
  Source twice(inModel(std::string(input) + "compile()\ncompile()"));
  EXPECT_FALSE(twice.analyze());
  EXPECT_EQ(twice.diagnostics().substr(0, twice.diagnostics().find('\n')),
            "t.cnn:4:1: error: compile(...) given twice");
  EXPECT_NE(twice.diagnostics().find("t.cnn:3:1: note: first given here"), std::string::npos);
  EXPECT_EQ(firstError(inModel("a = Input(shape=(4,))\nb = compile()(a)")),
            "t.cnn:3:5: error: compile(...) is not a layer; it is a statement of its own");
}

} // namespace
