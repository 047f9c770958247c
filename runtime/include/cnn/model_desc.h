/* The table cnnc generates for one model: the contract between codegen and the runtime. */
#ifndef CNN_MODEL_DESC_H
#define CNN_MODEL_DESC_H

#include <stdint.h>

#include "cnn/cnn.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CNN_MAX_LAYER_INPUTS 8
#define CNN_MAX_LAYER_PARAMS 2

/* Halide's `<name>_argv` entry point: args[i] points at a halide_buffer_t. */
typedef int (*cnn_kernel_fn)(void **args);

typedef struct cnn_param_desc {
  const char *name; /* "<layer>.kernel" or "<layer>.bias" */
  int rank;
  int64_t
      shape[CNN_MAX_RANK]; /* Keras layout: conv (kh, kw, in, out), dense (in, out), bias (out) */
  int64_t fan_in, fan_out; /* Glorot-uniform limits; both 0 means zero-initialised */
} cnn_param_desc;

/* A kernel is called with buffers in this order: the layer's inputs, its parameters, its output.
 * Buffers use Halide's dimension order, the reverse of the Keras shape (channels innermost), with
 * dense strides. A layer without a kernel (Input, Flatten, Dropout at inference) shares the
 * memory of its first input, reinterpreted with its own shape. */
typedef struct cnn_layer_desc {
  const char *name;
  const char *type;
  int num_inputs;
  int inputs[CNN_MAX_LAYER_INPUTS]; /* indices of earlier layers */
  int rank;
  int64_t shape[CNN_MAX_RANK]; /* output shape in Keras order, shape[0] == -1 (batch) */
  int num_params;
  cnn_param_desc params[CNN_MAX_LAYER_PARAMS];
  cnn_kernel_fn kernel; /* NULL: the output aliases input 0 (or is the model input) */
  /* Fusion: when fused_kernel is set, it computes this layer's output from the inputs and
   * parameters of the earlier layer `fused_from` (buffers in the same order as that layer's
   * kernel, then this layer's output), skipping the layers between, whose outputs nothing else
   * reads; otherwise fused_from is -1. */
  int fused_from;
  cnn_kernel_fn fused_kernel;
  double flops; /* floating-point operations per sample of the kernel a forward pass runs
                   for this layer (the fused one, if any), multiply-add = 2; 0 for kernels that
                   only move data */
} cnn_layer_desc;

/* ----- Training: the program cnnc derives from the training graph (passes/) ----- */

#define CNN_MAX_STEP_ARGS 10

/* Where a buffer of a training step lives. */
typedef enum cnn_buffer_kind {
  CNN_BUFFER_INPUT = 0,  /* the caller's array for model input `index` */
  CNN_BUFFER_TEMP = 1,   /* training buffer `index` of cnn_train_desc.temps */
  CNN_BUFFER_PARAM = 2,  /* parameter `index` (the layers' parameters, in layer order) */
  CNN_BUFFER_GRAD = 3,   /* the gradient of parameter `index` */
  CNN_BUFFER_SLOT0 = 4,  /* the optimizer's first slot of parameter `index` (Adam m, velocity) */
  CNN_BUFFER_SLOT1 = 5,  /* the optimizer's second slot of parameter `index` (Adam v) */
  CNN_BUFFER_LABELS = 6, /* the batch's int32 class labels for model output `index`, (batch) */
  CNN_BUFFER_TARGETS = 7 /* the batch's float targets for model output `index`, its shape */
} cnn_buffer_kind;

/* A buffer argument. `flat` passes it as one dimension of all its elements (optimizer
 * updates), otherwise it has the Halide dimensions of its shape, like layer buffers. */
typedef struct cnn_buffer_ref {
  int kind;
  int index;
  int flat;
} cnn_buffer_ref;

/* A float32 buffer the training program allocates for a batch. */
typedef struct cnn_temp_desc {
  const char *name; /* the value it holds, e.g. "conv2d_1" (an activation) or "conv2d_1.grad" */
  int rank;
  int64_t shape[CNN_MAX_RANK]; /* Keras order, shape[0] == -1 (batch) */
  int alias;                   /* -1, or the temp whose memory it shares (a reshaped view) */
} cnn_temp_desc;

/* The scalar a step's kernel takes after its input buffers. */
typedef enum cnn_scalar_kind {
  CNN_SCALAR_NONE = 0,
  CNN_SCALAR_DROPOUT_SEED = 1, /* two uint32_t: the batch's dropout seed (see cnn_dropout_keeps),
                                  then the batch's index of the buffers' first sample */
  CNN_SCALAR_STEP_SIZE = 2     /* float: Adam's bias-corrected learning rate, or SGD's rate */
} cnn_scalar_kind;

typedef enum cnn_step_phase {
  CNN_PHASE_FORWARD = 0,  /* the forward pass in training mode (dropout drops) */
  CNN_PHASE_BACKWARD = 1, /* the loss gradient and every backward op */
  CNN_PHASE_UPDATE = 2    /* one optimizer update per parameter */
} cnn_step_phase;

/* One kernel call: kernel(inputs..., scalar (unless NONE), outputs...). An update's outputs are
 * its inputs (in place). A step without a kernel is a view: its one output is a temp sharing
 * its input's memory, a temp (which its alias names) or a model input (alias -1). */
typedef struct cnn_step_desc {
  const char *name; /* e.g. "conv2d_1.grad_input" */
  int phase;
  cnn_kernel_fn kernel;
  int num_inputs;
  int num_outputs;
  cnn_buffer_ref args[CNN_MAX_STEP_ARGS]; /* the inputs, then the outputs */
  int scalar;
  double flops; /* floating-point operations per sample, multiply-add = 2; 0 for kernels that only
                   move data */
} cnn_step_desc;

typedef enum cnn_optimizer_kind {
  CNN_OPTIMIZER_ADAM = 0,
  CNN_OPTIMIZER_SGD = 1,
  CNN_OPTIMIZER_RMSPROP = 2
} cnn_optimizer_kind;

typedef struct cnn_optimizer_desc {
  int kind;
  double learning_rate;
  double beta_1, beta_2; /* Adam */
  double epsilon;        /* Adam, RMSprop */
  double momentum;       /* SGD, RMSprop */
  double rho;            /* RMSprop */
  int nesterov;          /* SGD */
} cnn_optimizer_desc;

/* The loss of one trained model output (cnn_loss_kind in cnn.h), in the training program. */
typedef struct cnn_loss_desc {
  int output;    /* the model output's index */
  int kind;      /* cnn_loss_kind */
  double weight; /* compile(loss_weights=...): the loss counts `weight` times in the total */
  int metrics;   /* CNN_METRIC_* bits: what is reported besides the loss */
  cnn_buffer_ref predictions; /* the temp holding the output in the training forward pass */
} cnn_loss_desc;

typedef struct cnn_train_desc {
  cnn_optimizer_desc optimizer;
  int num_temps;
  const cnn_temp_desc *temps;
  int num_steps;
  const cnn_step_desc *steps; /* phase by phase, in execution order */
  int num_losses;
  const cnn_loss_desc *losses; /* in model output order; outputs without a loss have none */
} cnn_train_desc;

/* The layout of cnn_model_desc may change only with CNN_ABI_VERSION; abi_version stays first. */
struct cnn_model_desc {
  int abi_version; /* CNN_ABI_VERSION of the cnnc that compiled the model */
  const char *name;
  int functional;
  int num_layers;
  const cnn_layer_desc *layers; /* topological order */
  int num_inputs;
  const int *inputs; /* layer indices of the Input layers */
  int num_outputs;
  const int *outputs;
  const cnn_train_desc *train; /* NULL for an inference-only library */
  /* Weights compiled into the model (cnnc --embed-weights): a safetensors file's bytes, loaded by
   * cnn_create; NULL and 0 without. */
  const unsigned char *weights;
  uint64_t weights_size;
  const cnn_fit_defaults *fit; /* the model file's fit() settings, or NULL without fit() */
};

/* The dropout mask, shared by the generated kernels and the reference in the tests: element
 * `index` (the flat Keras-order index within the batch) of the output of layer `layer` is kept
 * when `cnn_dropout_keeps` holds, and then scaled by 1 / (1 - rate). */
static inline uint32_t cnn_mix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  return h;
}
static inline int cnn_dropout_keeps(uint32_t seed, int layer, uint32_t index, double rate) {
  const uint32_t stream = cnn_mix32(seed + 0x9E3779B9u * (uint32_t)(layer + 1));
  const uint32_t threshold = (uint32_t)(rate * 16777216.0);
  return (cnn_mix32(stream ^ index) >> 8) >= threshold;
}

/* The entry point every model library that cnn_open() can open (M.so) also exports. */
#define CNN_LOADABLE_MODEL_SYMBOL "cnnc_loadable_model"

#ifdef __cplusplus
}
#endif

#endif /* CNN_MODEL_DESC_H */
