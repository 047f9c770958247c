/* The C API of a model compiled by cnnc: every model.so exports exactly these functions. */
#ifndef CNN_CNN_H
#define CNN_CNN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNN_MAX_RANK 4

typedef struct cnn_model cnn_model;

/* Every fallible call returns a status; cnn_last_error() then holds a one-line message. */
typedef enum cnn_status {
  CNN_OK = 0,
  CNN_ERROR_ARGUMENT = 1, /* a bad name, index, size or shape from the caller */
  CNN_ERROR_IO = 2,       /* a file could not be opened, read or written */
  CNN_ERROR_FORMAT = 3,   /* a file's contents are malformed or do not match the model */
  CNN_ERROR_KERNEL = 4,   /* a generated kernel reported a failure */
  CNN_ERROR_MEMORY = 5    /* an allocation failed */
} cnn_status;

/* A tensor's shape in Keras order (batch first, channels last). For activations shape[0] is -1:
 * the batch size is chosen per call. */
typedef struct cnn_tensor_info {
  const char *name;
  int rank;
  int64_t shape[CNN_MAX_RANK];
} cnn_tensor_info;

typedef struct cnn_layer_info {
  const char *name;            /* Keras name, e.g. "conv2d_1" */
  const char *type;            /* Keras class, e.g. "Conv2D" */
  int rank;                    /* rank of the output, batch included */
  int64_t shape[CNN_MAX_RANK]; /* output shape, shape[0] == -1 */
  int64_t num_params;          /* trainable scalars of this layer */
  int num_inputs;              /* layers feeding this one (see cnn_layer_input) */
} cnn_layer_info;

/* The message of the last failed call on this thread ("" if none). */
const char *cnn_last_error(void);

/* Creates the model compiled into this library, parameters zero-filled. */
cnn_status cnn_create(cnn_model **model);
void cnn_destroy(cnn_model *model);
const char *cnn_model_name(const cnn_model *model);

/* Layers in topological order. */
int cnn_num_layers(const cnn_model *model);
cnn_status cnn_layer_info_at(const cnn_model *model, int layer, cnn_layer_info *info);
/* Index of the layer feeding input slot `slot` of `layer`. */
int cnn_layer_input(const cnn_model *model, int layer, int slot);
/* Index of the layer called `name`, or -1. */
int cnn_find_layer(const cnn_model *model, const char *name);
/* 1 for a functional model (Input layers are shown by summary), 0 for a Sequential one. */
int cnn_is_functional(const cnn_model *model);

/* The model's inputs and outputs, as layer indices, in declaration order. */
int cnn_num_inputs(const cnn_model *model);
int cnn_input_layer(const cnn_model *model, int input);
int cnn_num_outputs(const cnn_model *model);
int cnn_output_layer(const cnn_model *model, int output);

/* Parameter tensors ("<layer>.kernel", "<layer>.bias") in Keras layout. */
int cnn_num_params(const cnn_model *model);
cnn_status cnn_param_info(const cnn_model *model, int param, cnn_tensor_info *info);
cnn_status cnn_get_param(const cnn_model *model, const char *name, float *data, size_t count);
cnn_status cnn_set_param(cnn_model *model, const char *name, const float *data, size_t count);

/* Glorot-uniform kernels and zero biases, reproducible from the seed. */
cnn_status cnn_init_params(cnn_model *model, uint64_t seed);
/* Weights in the safetensors format; saving writes a temporary file and renames it. */
cnn_status cnn_load_weights(cnn_model *model, const char *path);
cnn_status cnn_save_weights(const cnn_model *model, const char *path);

/* Worker threads of the generated kernels (0: one per core). */
cnn_status cnn_set_threads(cnn_model *model, int threads);

/* Runs the model on `batch` samples. inputs[i] and outputs[i] are dense float32 arrays in Keras
 * layout, one per model input/output, each of batch * (product of shape[1..]) elements. */
cnn_status cnn_forward(cnn_model *model, int64_t batch, const float *const *inputs,
                       float *const *outputs);
/* Runs the model and copies the output of the layer called `layer` (count floats) to `data`. */
cnn_status cnn_layer_output(cnn_model *model, const char *layer, int64_t batch,
                            const float *const *inputs, float *data, size_t count);

/* A labelled image data set in memory: float32 images (N, H, W, C), pixels / 255, and int32
 * labels. */
typedef struct cnn_dataset cnn_dataset;

/* Loads the "train" or "test" split of an IDX data set. `source` is "fashion-mnist" (Debian's
 * dataset-fashion-mnist in /usr/share/datasets/fashion-mnist) or a folder holding
 * train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
 * t10k-labels-idx1-ubyte, each gzipped (.gz) or not. */
cnn_status cnn_dataset_load(const char *source, const char *split, cnn_dataset **dataset);
void cnn_dataset_destroy(cnn_dataset *dataset);
/* shape[0] is the number of images, then height, width, channels. */
void cnn_dataset_shape(const cnn_dataset *dataset, int64_t shape[4]);
const float *cnn_dataset_images(const cnn_dataset *dataset);
const int32_t *cnn_dataset_labels(const cnn_dataset *dataset);

/* Keras's evaluate(): the mean sparse categorical cross-entropy of the model's first output
 * (softmax class probabilities) and the accuracy, over `count` samples run in batches of
 * `batch_size`. Like Keras, which takes the loss of a softmax from its logits, probabilities are
 * not clipped to [1e-7, 1 - 1e-7]; one that underflowed to 0 counts as FLT_MIN. */
cnn_status cnn_evaluate(cnn_model *model, const float *images, const int32_t *labels, int64_t count,
                        int64_t batch_size, double *loss, double *accuracy);

#ifdef __cplusplus
}
#endif

#endif /* CNN_CNN_H */
