// cnn train M.so --data D | --x X --y Y: Keras's fit() with validation, early stopping and
// checkpoints.
#include "Commands.h"
#include "Data.h"
#include "MpiJob.h"
#include "Summary.h"
#include "TrainProgress.h"
#include "TrainSettings.h"
#include "ValidationSplit.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <thread>
#include <unistd.h>

namespace cnn {
namespace {

// The checks that need the model or the data; the command line checks the rest.
void checkOptions(const TrainOptions &options, const GivenOptions &given,
                  const ModelLibrary &library) {
  if (!cnn_can_train(library.model()))
    throw UserError(options.modelPath +
                    " was compiled with --inference-only; recompile without it to train");
  const bool validationArrays = !options.validationX.empty();
  if (validationArrays != !options.validationY.empty())
    throw UserError("--val-x and --val-y go together: the validation samples and their targets");
  if (validationArrays && std::find(given.begin(), given.end(), "validation-split") != given.end())
    throw UserError("--val-x and --val-y replace --validation-split; give one of them");
  if (validationArrays && options.splitSeed >= 0)
    throw UserError("--split-seed chooses the validation split; --val-x and --val-y give "
                    "validation arrays instead");
  if (options.validationSplit == 0.0 && !validationArrays &&
      (options.patience > 0 || !options.checkpoint.empty()))
    throw UserError(std::string(options.patience > 0 ? "--patience" : "--checkpoint") +
                    " watches val_loss and needs validation data: set --validation-split above 0 "
                    "or give --val-x and --val-y");
}

// An image folder lists its classes one after the other, so its last fraction is its last
// classes.
void warnOfClassOrder(const Dataset &data, const TrainOptions &options) {
  if (data.info().classOrdered && options.validationSplit > 0.0 && options.splitSeed < 0)
    std::cerr << "cnn: warning: " << data.info().description
              << " lists its images class by class, so the last " << options.validationSplit * 100.0
              << "% validates on its last classes only; --split-seed S holds out a random "
                 "fraction instead\n";
}

// --val-x and --val-y's arrays, checked as the training arrays are; none without them.
std::optional<Dataset> validationArrays(const ModelLibrary &library, const TrainOptions &options) {
  if (options.validationX.empty())
    return std::nullopt;
  DataSource source;
  source.x = options.validationX;
  source.y = options.validationY;
  return loadDataset(library, source, "", Labels::Required);
}

// --weights, Glorot-uniform weights from --seed, or (with --resume) those cnn_fit restores.
void startingWeights(const TrainOptions &options, const ModelLibrary &library) {
  if (!options.weights.empty())
    library.check(cnn_load_weights(library.model(), options.weights.c_str()));
  else if (options.resume.empty())
    library.check(cnn_init_params(library.model(), options.seed));
  if (options.learningRate > 0.0)
    library.check(cnn_set_learning_rate(library.model(), options.learningRate));
}

// -o, --checkpoint and --history against the model and the data, and against each other;
// -o and --history against --resume too (a checkpoint may be resumed and written again); and
// their folders, which must be writable before hours of training.
void refuseOutputClashes(const TrainOptions &options) {
  std::vector<NamedFile> inputs = inputFiles(options.source);
  inputs.push_back({"the model library", options.modelPath});
  inputs.push_back({"--weights", options.weights});
  for (const std::string &x : options.validationX)
    inputs.push_back({"--val-x", x});
  for (const std::string &y : options.validationY)
    inputs.push_back({"--val-y", y});
  refuseClashes({{"-o", options.output},
                 {"--checkpoint", options.checkpoint},
                 {"--history", options.history}},
                inputs);
  refuseClashes({{"-o", options.output}, {"--history", options.history}},
                {{"--resume", options.resume}});
  const std::string unwritable = unwritableOutput({{"-o", options.output},
                                                   {"--checkpoint", options.checkpoint},
                                                   {"--history", options.history}});
  if (!unwritable.empty())
    throw UserError(unwritable);
}

// Under mpirun the cores of a machine are shared by the ranks on it.
int threadsPerRank(int threads) {
  const char *ranksHere = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  if (threads >= 0 || !ranksHere)
    return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) /
                         std::max(1, std::atoi(ranksHere)));
}

void train(TrainOptions options, const GivenOptions &given, const Parallelism &parallelism,
           int threads, const MpiJob &job) {
  checkDataSource(options.source, Labels::Required);
  if (job.rank() != 0)
    std::cout.setstate(std::ios::badbit); // rank 0 alone prints
  threads = threadsPerRank(threads);
  const ModelLibrary library(options.modelPath, threads);
  library.setTrainingParallelism(parallelism.mode, threads, parallelism.microBatch);
  if (job.joined())
    library.check(cnn_set_gradient_reducer(library.model(), job.reducer(), nullptr));
  if (const cnn_fit_defaults *defaults = cnn_model_fit_defaults(library.model()))
    printSettings(std::cout, applyFitDefaults(options, *defaults, given));
  checkOptions(options, given, library);
  refuseOutputClashes(options); // with the model file's fit() settings applied
  if (!options.validationX.empty())
    options.validationSplit = 0.0; // the arrays validate instead
  startingWeights(options, library);
  const Dataset data = loadDataset(library, options.source, "train", Labels::Required);
  warnOfClassOrder(data, options);
  const ValidationSplit split(data, options.limit, options.validationSplit, options.splitSeed);
  const std::optional<Dataset> validationData = validationArrays(library, options);
  const Samples validation = validationData ? allSamples(*validationData) : split.validation();
  const std::string &validationFrom =
      validationData ? validationData->info().description : split.description();

  std::cout << "Training on " << withThousands(split.train().count) << " " << data.info().unit;
  if (validation.count > 0)
    std::cout << ", validating on " << withThousands(validation.count) << " (" << validationFrom
              << ")";
  char line[160];
  std::snprintf(line, sizeof line, "; %s, learning rate %g\n", cnn_optimizer_name(library.model()),
                cnn_learning_rate(library.model()));
  std::cout << line;
  if (job.size() > 1)
    std::cout << job.size() << " MPI ranks train together, each on its share of every batch of "
              << options.batchSize << "\n";
  if (!options.resume.empty())
    std::cout << "Resuming from " << options.resume << "\n";

  cnn_fit_options fit;
  cnn_fit_options_init(&fit);
  fit.epochs = options.epochs;
  fit.batch_size = options.batchSize;
  fit.seed = options.seed;
  fit.shuffle = options.shuffle;
  fit.patience = options.patience;
  fit.restore_best_weights = options.patience > 0 && options.restoreBestWeights;
  fit.checkpoint = options.checkpoint.empty() ? nullptr : options.checkpoint.c_str();
  fit.history = options.history.empty() ? nullptr : options.history.c_str();
  fit.resume = options.resume.empty() ? nullptr : options.resume.c_str();
  fit.worker = job.rank();
  fit.workers = job.size();
  TrainProgress progress(std::cout, ::isatty(STDOUT_FILENO) != 0, options.epochs,
                         metricNames(library), options.checkpoint, !options.resume.empty());
  progress.attach(fit);

  cnn_fit_result result;
  const cnn_status status =
      cnn_fit_targets(library.model(), &fit, split.train().inputs.data(),
                      split.train().targets.data(), split.train().count, validation.inputs.data(),
                      validation.targets.data(), validation.count, &result);
  progress.interrupt();
  library.check(status);

  if (result.stopped_early)
    std::cout << "Epoch " << result.epochs_run << ": early stopping\n";
  if (fit.restore_best_weights && result.best_epoch > 0)
    std::cout << "Restoring model weights from the end of the best epoch: " << result.best_epoch
              << ".\n";
  if (!options.output.empty() && job.rank() == 0) {
    library.check(cnn_save_weights(library.model(), options.output.c_str()));
    std::cout << "Final weights: " << options.output << "\n";
  }
  if (!options.history.empty())
    std::cout << "History: " << options.history << "\n";
  if (!options.checkpoint.empty() && result.best_epoch > 0) {
    std::snprintf(line, sizeof line, " (epoch %d, val_loss %.4f)\n", result.best_epoch,
                  result.best_val_loss);
    std::cout << "Best checkpoint: " << options.checkpoint << line;
  }
}

} // namespace

void addTrainCommand(CLI::App &cnn, ToolOptions &options) {
  CLI::App *command = cnn.add_subcommand(
      "train", "Train the model on a labelled data set, like Keras's fit() with EarlyStopping "
               "and ModelCheckpoint");
  auto train = std::make_shared<TrainOptions>();
  auto parallelism = std::make_shared<Parallelism>();
  command->add_option("model", train->modelPath, "The model library built by cnnc")->required();
  addDataSourceOptions(*command, train->source, false);
  command->add_option("--val-x", train->validationX,
                      "A .npy array of validation samples per model input, validated on after "
                      "every epoch instead of a --validation-split");
  command->add_option("--val-y", train->validationY,
                      "The targets of --val-x: one .npy array per model output, as --y");
  command->add_option("--epochs", train->epochs, "Passes over the training samples")
      ->capture_default_str()
      ->check(positiveNumber());
  command->add_option("--batch-size", train->batchSize, "Samples per optimizer step")
      ->capture_default_str()
      ->check(positiveNumber());
  command
      ->add_option("--validation-split", train->validationSplit,
                   "Fraction of the training samples held out for validation (0: none)")
      ->capture_default_str()
      ->check(numberCheck("[0, 1)", "must be in [0, 1)",
                          [](double value) { return value >= 0.0 && value < 1.0; }));
  command
      ->add_option("--split-seed", train->splitSeed,
                   "Hold out validation images as scikit-learn's train_test_split(random_state=S) "
                   "does, instead of the last fraction as Keras's validation_split does")
      ->check(CLI::Range(int64_t{0}, int64_t{std::numeric_limits<uint32_t>::max()}));
  command->add_option("--seed", train->seed, "Seed of initial weights, shuffling and dropout")
      ->capture_default_str();
  command
      ->add_option("--patience", train->patience,
                   "Stop after this many epochs without a lower val_loss and restore the best "
                   "epoch's weights (0: train every epoch)")
      ->capture_default_str()
      ->check(nonNegativeNumber());
  command->add_flag("--restore-best-weights,!--no-restore-best-weights", train->restoreBestWeights,
                    "With --patience, end with the best epoch's weights (default) or keep the "
                    "last epoch's");
  command->add_option("--checkpoint", train->checkpoint,
                      "Save the best epoch's weights, optimizer and training state here");
  command->add_option("--history", train->history,
                      "Write each epoch's metrics to this CSV file, as Keras's CSVLogger (the "
                      "book's model: epoch,loss,accuracy,val_loss,val_accuracy,seconds)");
  CLI::Option *weights = command->add_option(
      "--weights", train->weights, "Start from these weights instead of Glorot-uniform ones");
  command
      ->add_option("--resume", train->resume,
                   "Continue from a checkpoint, with the epoch after the one it saved and the "
                   "checkpoint's seed")
      ->excludes(weights);
  command
      ->add_option("--learning-rate", train->learningRate,
                   "Override the learning rate of the model's compile()")
      ->check(positiveNumber());
  command
      ->add_option("--limit", train->limit,
                   "Use only the first N training samples, before the validation split")
      ->check(positiveNumber());
  command->add_option("-o,--output", train->output,
                      "Write the final weights (the best epoch's with --patience) here");
  addThreadsOption(*command, options);
  addParallelOption(*command, *parallelism);
  // A setting the command line does not give comes from the model file's fit(), if it has one.
  command->callback([command, train, parallelism, &options] {
    GivenOptions given;
    for (const char *name : {"epochs", "batch-size", "validation-split", "patience",
                             "restore-best-weights", "checkpoint", "history"})
      if (command->count(std::string("--") + name) > 0)
        given.push_back(name);
    MpiJob job;
    job.run([&] { cnn::train(*train, given, *parallelism, options.threads, job); });
  });
}

} // namespace cnn
