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
} cnn_layer_desc;

typedef struct cnn_model_desc {
  const char *name;
  int functional;
  int num_layers;
  const cnn_layer_desc *layers; /* topological order */
  int num_inputs;
  const int *inputs; /* layer indices of the Input layers */
  int num_outputs;
  const int *outputs;
} cnn_model_desc;

/* Defined by the code cnnc generates for each model. */
const cnn_model_desc *cnnc_generated_model(void);

#ifdef __cplusplus
}
#endif

#endif /* CNN_MODEL_DESC_H */
