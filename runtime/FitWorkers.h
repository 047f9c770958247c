// What fit() does differently on each of several workers: their shares of a batch, the sums of
// their scores and the check that their weights agree.
#ifndef CNNRT_FIT_WORKERS_H
#define CNNRT_FIT_WORKERS_H

#include "CrossEntropy.h"
#include "Model.h"
#include "Trainer.h"

#include <vector>

namespace cnnrt {

// Worker w of W takes samples [count w / W, count (w + 1) / W) of `count`.
struct Share {
  int64_t begin, count;
};
Share shareOf(int64_t count, int worker, int workers);
// A worker's share of a training batch: whole micro-batches of `microBatch` samples, P of them
// per worker from worker 0 on, P the least power of two that leaves no micro-batch out. Each
// share is then one node of the micro-batches' pairwise sums (Trainer::computeGradients), so
// that two workers' sums added are those of one process.
Share batchShareOf(int64_t batch, int64_t microBatch, int worker, int workers);

// Each score summed over the workers through the trainer's gradient reducer.
void sumOverWorkers(Trainer &trainer, std::vector<Score> &scores);

// Throws CNN_ERROR_REDUCE naming `epoch` unless every one of `workers` workers holds the same
// parameters (compared by a 64-bit hash through the reducer).
void checkSameWeights(const cnn_model &model, Trainer &trainer, int workers, int epoch);

} // namespace cnnrt

#endif // CNNRT_FIT_WORKERS_H
