/* The C API of cnnc's runtime, libcnnrt: creating, running and training the models cnnc compiles.
 *
 * A compiled model is a library of kernels with one entry point, cnnc_model_<name>(), declared in
 * the header cnnc writes beside it; cnn_create() makes an instance of it. A model library built as
 * M.so can also be opened by path with cnn_open().
 *
 * Threads: separate model instances may be used from separate threads at the same time. One
 * instance must not be used from two threads at once (lock around it, or make one instance per
 * thread): a call that reads or changes an instance's state (parameters, weights files, running
 * it, training, profiling) claims it for its thread until it returns, and another thread's such
 * call meanwhile fails with CNN_ERROR_ARGUMENT ("the model is in use by another thread") instead
 * of racing; calls from inside a cnn_fit callback, on the fitting thread, go on. Questions about
 * the model's layers and shapes may be asked from any thread. cnn_last_error() is per thread. A
 * cnn_dataset is only read after cnn_dataset_load, so any number of threads may read one. The
 * generated kernels share one worker pool in the process (Halide's): cnn_set_threads sets the size
 * of that pool for every model, not only the one given; a model's training replicas
 * (cnn_set_replicas) run their kernels on threads of their own. Should kernels of two threads fail
 * at the same moment (CNN_ERROR_KERNEL, which the checks made before each call leave for faults
 * such as a failed allocation), both calls fail but Halide's messages may be given to either of
 * them. */
#ifndef CNN_CNN_H
#define CNN_CNN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNN_MAX_RANK 4

/* The version of the contract between cnnc's generated models and this runtime. A model compiled
 * for another version is refused with CNN_ERROR_FORMAT. */
#define CNN_ABI_VERSION 4

/* A compiled model, as its entry point cnnc_model_<name>() returns it. */
typedef struct cnn_model_desc cnn_model_desc;
/* An instance of a compiled model: its parameters, activations and training state. */
typedef struct cnn_model cnn_model;

/* Every fallible call returns a status; cnn_last_error() then holds a one-line message. */
typedef enum cnn_status {
  CNN_OK = 0,
  CNN_ERROR_ARGUMENT = 1, /* a bad name, index, size or shape from the caller */
  CNN_ERROR_IO = 2,       /* a file could not be opened, read or written */
  CNN_ERROR_FORMAT = 3,   /* a file's contents are malformed or do not match the model */
  CNN_ERROR_KERNEL = 4,   /* a generated kernel reported a failure */
  CNN_ERROR_MEMORY = 5,   /* an allocation failed */
  CNN_ERROR_NUMERIC = 6,  /* training diverged: the loss became NaN or infinite */
  CNN_ERROR_REDUCE = 7    /* the gradient reducer (cnn_set_gradient_reducer) reported a failure */
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

/* CNN_ABI_VERSION of this runtime. */
int cnn_abi_version(void);

/* Creates an instance of the compiled model `desc` (e.g. cnnc_model_fashion_cnn()). Its parameters
 * hold the weights compiled into the model (cnnc --embed-weights), else zeros. */
cnn_status cnn_create(const cnn_model_desc *desc, cnn_model **model);
/* Opens the model library `path` (an M.so written by cnnc; a name without '/' is looked up as
 * dlopen() does) and creates an instance of its model; the library stays loaded until the
 * instance is destroyed. Needs the shared runtime, libcnnrt.so. */
cnn_status cnn_open(const char *path, cnn_model **model);
void cnn_destroy(cnn_model *model);
/* 1 if weights were compiled into the model (cnnc --embed-weights), else 0. */
int cnn_has_embedded_weights(const cnn_model *model);
const char *cnn_model_name(const cnn_model *model);

/* Layers in topological order. */
int cnn_num_layers(const cnn_model *model);
cnn_status cnn_layer_info_at(const cnn_model *model, int layer, cnn_layer_info *info);
/* Index of the layer feeding input slot `slot` of `layer`. */
int cnn_layer_input(const cnn_model *model, int layer, int slot);
/* Index of the layer called `name`, or -1 (with cnn_last_error() set for a NULL model or name). */
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

/* Worker threads of the generated kernels (0: one per core). The pool is the process's, shared by
 * every model: the count applies to all of them, and is best set before kernels run. */
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

/* ----- Losses and metrics: what compile() trains each model output with ----- */

typedef enum cnn_loss_kind {
  CNN_LOSS_NONE = -1,               /* the output is not trained */
  CNN_LOSS_CROSSENTROPY = 0,        /* sparse_/categorical_crossentropy of softmax probabilities,
                                       against int32 class labels */
  CNN_LOSS_BINARY_CROSSENTROPY = 1, /* of sigmoid probabilities, against float targets in [0, 1] */
  CNN_LOSS_MSE = 2,                 /* mean squared error, against float targets */
  CNN_LOSS_MAE = 3                  /* mean absolute error, against float targets */
} cnn_loss_kind;

/* Metrics of an output besides its loss (cnn_loss_desc.metrics): accuracy for the
 * cross-entropies (for binary_crossentropy, of predictions thresholded at 0.5), mae and mse where
 * compile()'s metrics ask for them. */
#define CNN_METRIC_ACCURACY 1
#define CNN_METRIC_MAE 2
#define CNN_METRIC_MSE 4

/* The loss output `output` is trained with (CNN_LOSS_NONE also for an inference-only library or
 * an index out of range). */
cnn_loss_kind cnn_output_loss(const cnn_model *model, int output);

/* What one model output's loss is computed against, for `count` samples: `labels` (count
 * class indices) for CNN_LOSS_CROSSENTROPY, `values` (count * product of the output's shape[1..]
 * floats) for the others, NULL for an output without a loss. */
typedef struct cnn_targets {
  const int32_t *labels;
  const float *values;
} cnn_targets;

/* Keras's evaluate() of a model that trains one output with class labels: the mean
 * cross-entropy of that output (softmax class probabilities) and the accuracy, over `count`
 * samples run in batches of `batch_size`. inputs[i] holds the samples of model input i, as for
 * cnn_forward (count * product of shape[1..] floats each); labels[n] is sample n's class. Like
 * Keras, which takes the loss of a softmax from its logits, probabilities are not clipped to
 * [1e-7, 1 - 1e-7]; one that underflowed to 0 counts as FLT_MIN. A model without a training
 * program is taken to train its first output with the cross-entropy. */
cnn_status cnn_evaluate(cnn_model *model, const float *const *inputs, const int32_t *labels,
                        int64_t count, int64_t batch_size, double *loss, double *accuracy);

/* What fit() and evaluate() report for a trained model, with Keras's names, in Keras's order:
 * "loss" (the total: each trained output's mean loss times its loss weight); for a model of
 * several outputs each trained output's "<layer>_loss"; then the metrics of compile() per output:
 * "accuracy", "mae", "mse", or "<layer>_accuracy" and so on for a model of several outputs.
 * 0 metrics for an inference-only library; NULL for an index out of range. */
int cnn_num_metrics(const cnn_model *model);
const char *cnn_metric_name(const cnn_model *model, int metric);

/* Keras's evaluate() of any trained model: metrics[m] receives metric m (cnn_metric_name) over
 * `count` samples run in batches of `batch_size`; inputs[i] holds the samples of model input i,
 * targets[o] the targets of model output o (count samples; see cnn_targets). */
cnn_status cnn_evaluate_targets(cnn_model *model, const float *const *inputs,
                                const cnn_targets *targets, int64_t count, int64_t batch_size,
                                double *metrics);

/* ----- Training: Keras's compile() settings, train_on_batch() and fit() ----- */

/* 1 if the library holds the training program (cnnc without --inference-only), else 0. */
int cnn_can_train(const cnn_model *model);

/* The optimizer of the model's compile(): "adam", "sgd" or "rmsprop", and its learning rate, which
 * cnn_set_learning_rate overrides. */
const char *cnn_optimizer_name(const cnn_model *model);
double cnn_learning_rate(const cnn_model *model);
cnn_status cnn_set_learning_rate(cnn_model *model, double learning_rate);
/* Optimizer updates applied so far (Adam's t); restored from a checkpoint. */
int64_t cnn_optimizer_steps(const cnn_model *model);

/* The forward and backward pass on one batch of a model that trains one output with class
 * labels: leaves the gradient of every parameter of the output's mean cross-entropy against
 * `labels` in the model, without changing the parameters. Dropout masks follow `dropout_seed`
 * (model_desc.h's cnn_dropout_keeps). `loss` and `accuracy` receive the batch's mean loss and
 * accuracy; either may be NULL. */
cnn_status cnn_compute_gradients(cnn_model *model, int64_t batch, const float *const *inputs,
                                 const int32_t *labels, uint32_t dropout_seed, double *loss,
                                 double *accuracy);
/* The same for any trained model: the gradient of the total loss (each trained output's mean
 * loss times its loss weight), targets[o] for each model output o. `loss` (or NULL) receives the
 * batch's total loss, output_losses (or NULL) one mean loss per model output (0 for an output
 * without a loss). */
cnn_status cnn_compute_gradients_targets(cnn_model *model, int64_t batch,
                                         const float *const *inputs, const cnn_targets *targets,
                                         uint32_t dropout_seed, double *loss,
                                         double *output_losses);
/* The gradient of parameter `name` from the last cnn_compute_gradients (CNN_ERROR_ARGUMENT
 * before the first). */
cnn_status cnn_get_gradient(const cnn_model *model, const char *name, float *data, size_t count);
/* One optimizer update of every parameter from the stored gradients (CNN_ERROR_ARGUMENT before
 * the first cnn_compute_gradients). */
cnn_status cnn_apply_gradients(cnn_model *model);

/* Micro-batches: the forward and backward pass runs on at most `samples` samples at a time (16
 * by default). A batch is split into micro-batches of that size from its first sample (the last
 * may be smaller); each one's gradient summed over its samples is added pairwise, in a fixed
 * tree (0+1, 2+3, ..., then (0+1)+(2+3), ...), and the total divided by the batch size. The
 * gradients therefore depend on the micro-batch size but not on which replica or worker
 * computes which micro-batch: replicas give bitwise the results of one, and two workers whose
 * shares are nodes of that tree (cnn_fit's shares) those of one process. Small micro-batches
 * also keep a pass's activations in cache: on the book's model 16 samples at a time trains
 * faster than 32 on one core. */
cnn_status cnn_set_micro_batch(cnn_model *model, int64_t samples);
int64_t cnn_micro_batch(const cnn_model *model);

/* Data-parallel training in one process: `replicas` copies of the forward and backward pass
 * (1, the default), each on its own thread with its own activations; replica r of R takes
 * micro-batches [M r / R, M (r + 1) / R) of a batch's M, whose sums are then added as above and
 * the optimizer updates once. While replicas run, each one's kernels run serially on its thread
 * (not in cnn_set_threads's pool), so R replicas keep R cores busy when a batch has R
 * micro-batches or more. It applies to cnn_compute_gradients(_targets), cnn_train_step(_targets)
 * and cnn_fit(_targets); inference and validation use the kernels' pool (cnn_set_threads). */
cnn_status cnn_set_replicas(cnn_model *model, int replicas);
/* The model's replicas (1 for a NULL model or one without a training program). */
int cnn_replicas(const cnn_model *model);

/* Data-parallel training's one hook: sums `count` floats in place across every worker (each
 * worker a model instance with the same parameters, training on its share of the global batch),
 * e.g. with MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_FLOAT, MPI_SUM, comm). Every worker must
 * add in the same order, so that all end with the same sum. Returns 0, or nonzero for a failure. */
typedef int (*cnn_gradient_reducer)(void *user, float *data, int64_t count);
/* Installs `reduce` (NULL: none, the default) for every later optimizer update of the model:
 * cnn_apply_gradients, cnn_train_step(_targets) and each step of cnn_fit(_targets). Before the
 * update the runtime writes one contiguous buffer, every parameter's gradient summed over this
 * worker's samples in parameter order (cnn_param_info's), then the batch's total loss summed
 * over its samples, then the batch size, and calls `reduce` on it once. It then updates with the
 * sums divided by the summed batch size: the gradient of the mean loss over every worker's
 * samples, as one worker with the whole global batch would have (cnn_get_gradient returns it).
 * A NaN or infinite loss on any worker is so seen by all, and none applies the update. A failing
 * `reduce` returns CNN_ERROR_REDUCE with the parameters unchanged and the stored gradients spent
 * (until the next cnn_compute_gradients, cnn_get_gradient and cnn_apply_gradients refuse them).
 * The buffer is the model's own store of the sums, so reducing it copies nothing. */
cnn_status cnn_set_gradient_reducer(cnn_model *model, cnn_gradient_reducer reduce, void *user);
/* cnn_compute_gradients then cnn_apply_gradients (Keras's train_on_batch); a NaN or infinite
 * loss returns CNN_ERROR_NUMERIC without applying the update. */
cnn_status cnn_train_step(cnn_model *model, int64_t batch, const float *const *inputs,
                          const int32_t *labels, uint32_t dropout_seed, double *loss,
                          double *accuracy);
cnn_status cnn_train_step_targets(cnn_model *model, int64_t batch, const float *const *inputs,
                                  const cnn_targets *targets, uint32_t dropout_seed, double *loss,
                                  double *output_losses);

/* Progress reported to the fit callbacks. */
typedef struct cnn_batch_log {
  int epoch;             /* 1-based */
  int64_t step;          /* 1-based, within the epoch */
  int64_t steps;         /* batches per epoch */
  double loss;           /* running means over the epoch so far: the total loss, */
  double accuracy;       /* the first trained output's accuracy (NaN for mse and mae) */
  double seconds;        /* since the epoch began */
  int num_metrics;       /* cnn_num_metrics */
  const double *metrics; /* running means of every metric, cnn_metric_name's order */
} cnn_batch_log;

typedef struct cnn_epoch_log {
  int epoch; /* 1-based */
  /* the total loss and the first trained output's accuracy (NaN for mse and mae); val_* are NaN
   * without validation data */
  double loss, accuracy, val_loss, val_accuracy;
  double seconds;
  int improved;    /* 1 if val_loss improved on every earlier epoch (the checkpoint was written) */
  int num_metrics; /* cnn_num_metrics */
  const double *metrics;     /* every metric of the epoch, cnn_metric_name's order */
  const double *val_metrics; /* the same on the validation data; NULL without it */
} cnn_epoch_log;

typedef struct cnn_fit_options {
  int epochs;               /* default 1 */
  int64_t batch_size;       /* default 32; the last batch of an epoch may be smaller */
  uint64_t seed;            /* shuffling and dropout masks; default 0 */
  int shuffle;              /* 1 (default): a new order of the training samples every epoch */
  int patience;             /* EarlyStopping on val_loss after this many epochs without improvement;
                               0 (default): none */
  int restore_best_weights; /* 1 (default): end with the weights of the best val_loss epoch */
  const char *checkpoint;   /* ModelCheckpoint(save_best_only): the best epoch's weights,
                               optimizer state and training state, written atomically; or NULL */
  const char *history;      /* CSV of Keras's CSVLogger: epoch, every metric, val_ and the metric,
                               seconds (epoch,loss,accuracy,val_loss,val_accuracy,seconds for the
                               book's model); or NULL */
  const char *resume;       /* a checkpoint to continue from (its epoch + 1 onwards) with the
                               checkpoint's seed, so that it ends as an uninterrupted run would;
                               or NULL */
  void (*on_batch)(void *user, const cnn_batch_log *log);
  void (*on_epoch)(void *user, const cnn_epoch_log *log);
  void *user;
  /* Data-parallel training across processes (e.g. MPI ranks) joined by the gradient reducer
   * (cnn_set_gradient_reducer, required when workers > 1): this worker's index and the number of
   * workers (0 and 1 by default: one process; 0 workers counts as 1). Every worker is given the
   * same samples and options and the same micro-batch size. Each trains on its share of every
   * global batch of batch_size: whole micro-batches, P of them per worker from worker 0 on, P the
   * least power of two that leaves none out, so that each share is a node of the micro-batches'
   * pairwise sums. The batches, the shuffle and the dropout masks so stay those of one process,
   * and with two workers (two sums add alike in either order) the weights too, bitwise.
   * Validation is split evenly and its scores summed by the reducer as floats. After every epoch
   * the workers compare a hash of their weights (CNN_ERROR_REDUCE if they differ). Worker 0 alone
   * writes the checkpoint and the history and calls on_batch and on_epoch. The epoch logs' metrics
   * are every worker's; a batch log's are worker 0's share of the epoch so far, but for the loss,
   * which is every worker's. */
  int worker;
  int workers;
} cnn_fit_options;

/* The defaults above. */
void cnn_fit_options_init(cnn_fit_options *options);

/* The training settings of the model file's fit() and its callbacks (cnnc model.py), which
 * `cnn train` takes as its defaults. Each *_from says where its value comes from:
 * "FILE:LINE" where it was written, "FILE:LINE (Keras's default)" for one the call there left
 * at Keras's default; NULL (and the value 0) for a callback the file does not use. */
typedef struct cnn_fit_defaults {
  int64_t epochs;
  const char *epochs_from;
  int64_t batch_size;
  const char *batch_size_from;
  double validation_split;
  const char *validation_split_from;
  int shuffle;
  const char *shuffle_from;
  int64_t patience; /* EarlyStopping(patience) */
  const char *patience_from;
  int restore_best_weights; /* EarlyStopping(restore_best_weights) */
  const char *restore_best_weights_from;
  const char *checkpoint; /* ModelCheckpoint(save_best_only=True), as a .safetensors path */
  const char *checkpoint_from;
  const char *history; /* CSVLogger */
  const char *history_from;
  /* fit(validation_data=...): arrays of the file's own, which the runtime does not have */
  const char *validation_data_from;
} cnn_fit_defaults;

/* The model file's fit() settings, or NULL when it has no fit(). */
const cnn_fit_defaults *cnn_model_fit_defaults(const cnn_model *model);

typedef struct cnn_fit_result {
  int epochs_run; /* the last epoch trained (counting resumed ones) */
  int best_epoch; /* the epoch with the lowest val_loss (0 without validation data) */
  int stopped_early;
  double best_val_loss;
} cnn_fit_result;

/* Keras's fit(): `count` training samples, validated each epoch on `val_count` samples (0 for
 * none). inputs[i] and val_inputs[i] hold the samples of model input i, as for cnn_forward, and
 * labels and val_labels their classes; val_inputs and val_labels may be NULL when val_count is 0.
 * A NaN or infinite loss stops with CNN_ERROR_NUMERIC and a message naming the epoch and step.
 * `result` may be NULL. */
cnn_status cnn_fit(cnn_model *model, const cnn_fit_options *options, const float *const *inputs,
                   const int32_t *labels, int64_t count, const float *const *val_inputs,
                   const int32_t *val_labels, int64_t val_count, cnn_fit_result *result);
/* The same for any trained model: targets[o] and val_targets[o] hold the targets of model output
 * o (see cnn_targets); val_targets may be NULL when val_count is 0. */
cnn_status cnn_fit_targets(cnn_model *model, const cnn_fit_options *options,
                           const float *const *inputs, const cnn_targets *targets, int64_t count,
                           const float *const *val_inputs, const cnn_targets *val_targets,
                           int64_t val_count, cnn_fit_result *result);

/* ----- Profiling: time and floating-point work of every kernel call ----- */

/* One kernel's counters. A layer's kernel run by cnn_forward and its kin is phase "inference";
 * the training program's kernels are "forward", "backward" or "update". `flops` is the work
 * executed over all `calls` (multiply-add = 2), 0 for kernels that only move data. */
typedef struct cnn_profile_info {
  const char *name;  /* the layer or training step, e.g. "conv2d_1.grad_input" */
  const char *phase; /* "inference", "forward", "backward", "update" */
  int64_t calls;
  double seconds; /* wall time inside the kernel, summed over the calls */
  double flops;
} cnn_profile_info;

/* Turns the timing of kernel calls on (nonzero; this also zeroes every counter) or off (the
 * counters keep their values). Off, as a model starts, it costs nothing measurable. */
cnn_status cnn_set_profiling(cnn_model *model, int enabled);
/* The number of kernels with counters: the layers' kernels, then the training program's. */
int cnn_profile_count(const cnn_model *model);
cnn_status cnn_profile_entry(const cnn_model *model, int index, cnn_profile_info *info);

#ifdef __cplusplus
}
#endif

#endif /* CNN_CNN_H */
