// The schedule log's lines as JSON (nlohmann-json), read, appended and reduced to the best.
#include "cnnc/passes/ScheduleLog.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace cnnc {

std::string toJsonLine(const ScheduleRecord &r) {
  nlohmann::ordered_json line = {{"format", kScheduleLogFormat},
                                 {"kernel", r.kernel},
                                 {"op", r.op},
                                 {"label", r.label},
                                 {"role", r.role},
                                 {"batch", r.batch},
                                 {"target", r.target},
                                 {"threads", r.threads},
                                 {"cnnc", r.cnnc},
                                 {"strategy", r.strategy},
                                 {"schedule", r.schedule},
                                 {"median_ms", r.medianMs},
                                 {"min_ms", r.minMs},
                                 {"runs", r.runs},
                                 {"gflops", r.gflops},
                                 {"status", r.status},
                                 {"error", r.error},
                                 {"seed", r.seed},
                                 {"elapsed_s", r.elapsedS},
                                 {"model_cycles", r.modelCycles},
                                 {"vs_cost_model", r.vsCostModel},
                                 {"halide_schedule", r.halideSchedule}};
  return line.dump();
}

namespace {

/// The record a line holds, or why it holds none.
llvm::Optional<ScheduleRecord> parseLine(const std::string &text, std::string &why) {
  nlohmann::json line = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (line.is_discarded() || !line.is_object()) {
    why = "not a JSON object";
    return llvm::None;
  }
  if (line.value("format", 0) != kScheduleLogFormat) {
    why = "not a record of format " + std::to_string(kScheduleLogFormat);
    return llvm::None;
  }
  try {
    ScheduleRecord r;
    r.kernel = line.at("kernel").get<std::string>();
    r.op = line.at("op").get<std::string>();
    r.label = line.at("label").get<std::string>();
    r.role = line.at("role").get<std::string>();
    r.batch = line.at("batch").get<int64_t>();
    r.target = line.at("target").get<std::string>();
    r.threads = line.at("threads").get<int>();
    r.cnnc = line.at("cnnc").get<std::string>();
    r.strategy = line.at("strategy").get<std::string>();
    r.schedule = line.at("schedule").get<std::string>();
    r.medianMs = line.at("median_ms").get<double>();
    r.minMs = line.at("min_ms").get<double>();
    r.runs = line.at("runs").get<int>();
    r.gflops = line.at("gflops").get<double>();
    r.status = line.at("status").get<std::string>();
    r.error = line.at("error").get<std::string>();
    r.seed = line.at("seed").get<uint64_t>();
    r.elapsedS = line.at("elapsed_s").get<double>();
    r.modelCycles = line.value("model_cycles", 0.0);
    r.vsCostModel = line.value("vs_cost_model", 1.0);
    r.halideSchedule = line.value("halide_schedule", "");
    return r;
  } catch (const nlohmann::json::exception &e) {
    why = e.what();
    return llvm::None;
  }
}

} // namespace

mlir::FailureOr<std::vector<ScheduleRecord>>
readScheduleLog(const std::string &path, const std::function<void(const std::string &)> &warn,
                std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read schedule log '" + path + "'";
    return mlir::failure();
  }
  std::vector<ScheduleRecord> records;
  std::string text, why;
  for (int number = 1; std::getline(in, text); ++number) {
    if (text.empty())
      continue;
    if (auto record = parseLine(text, why))
      records.push_back(std::move(*record));
    else
      warn(path + ":" + std::to_string(number) + ": skipped: " + why);
  }
  return records;
}

mlir::LogicalResult appendScheduleRecord(const std::string &path, const ScheduleRecord &record,
                                         std::string &error) {
  std::ofstream out(path, std::ios::app);
  out << toJsonLine(record) << "\n" << std::flush;
  if (!out) {
    error = "cannot append to schedule log '" + path + "'";
    return mlir::failure();
  }
  return mlir::success();
}

bool latencyCheckPasses(const std::string &status, double vsCostModel) {
  return status == "ok" && vsCostModel <= kLatencySlack;
}

ScheduleChoice::ScheduleChoice(const std::vector<ScheduleRecord> &records) {
  for (const ScheduleRecord &r : records)
    if (r.strategy == "latency")
      (latencyCheckPasses(r.status, r.vsCostModel) ? passed : ruledOut)
          .insert({r.target, r.threads, r.kernel, r.schedule});
}

bool ScheduleChoice::eligible(const ScheduleRecord &r) const {
  if (r.status != "ok" || r.schedule.empty() || r.strategy == "latency")
    return false;
  Check check{r.target, r.threads, r.kernel, r.schedule};
  if (ruledOut.count(check))
    return false;
  bool needsCheck = r.role == "inference" && r.batch != kLatencyBatch && r.strategy != "cost-model";
  return !needsCheck || passed.count(check);
}

std::map<std::string, ScheduleRecord> bestSchedules(const std::vector<ScheduleRecord> &records,
                                                    const std::string &target, int threads) {
  ScheduleChoice choice(records);
  std::map<std::string, ScheduleRecord> best;
  for (const ScheduleRecord &r : records) {
    if (!choice.eligible(r) || r.target != target || r.threads != threads)
      continue;
    auto [entry, isNew] = best.try_emplace(r.kernel, r);
    if (!isNew && r.vsCostModel < entry->second.vsCostModel)
      entry->second = r;
  }
  return best;
}

} // namespace cnnc
