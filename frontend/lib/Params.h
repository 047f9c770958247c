// Reading each bound argument into the field of the Model it sets.
#ifndef CNNC_FRONTEND_LIB_PARAMS_H
#define CNNC_FRONTEND_LIB_PARAMS_H

#include "Arguments.h"
#include "OutputLosses.h"

#include "cnnc/frontend/Model.h"

namespace cnnc {

/// Checks a layer argument's value and stores it in `layer`; reports and returns false when it
/// does not fit.
bool setLayerParam(Layer &layer, const Argument &arg);

/// Likewise for the arguments of compile() and of the optimizers, but those of the outputs.
bool setCompileParam(CompileConfig &config, const Argument &arg, const Diagnostics &diag);

/// compile()'s loss=, loss_weights= and metrics=, kept as written until the outputs are known
/// (OutputParams.cpp).
bool setOutputParam(WrittenOutputs &outputs, const Argument &arg, const Diagnostics &diag);

/// True for the parameters setOutputParam takes.
bool isOutputParam(Param param);

/// The arguments of fit() and of its callbacks; `call` is where the call that takes them is, the
/// source of the values it leaves at Keras's defaults (FitParams.cpp).
bool setFitParam(FitConfig &config, const Argument &arg, const Location &call,
                 const Diagnostics &diag);

/// Param::Ignored (any value) and Param::KerasDefault (only the default), of any signature.
bool setCommonParam(const Argument &arg);

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_PARAMS_H
