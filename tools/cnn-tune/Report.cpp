// The report of a schedule log: per kernel, the cost model, the best found and each autoscheduler
// in GFLOP/s and % of the measured peak, the cost model's rank correlation, plots, end to end.
#include "Report.h"
#include "AtomicFile.h"
#include "Chart.h"

#include "cnnc/passes/ScheduleLog.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

namespace cnntune {
namespace {

using cnnc::ScheduleRecord;

const char *const kAutoschedulers[] = {"mullapudi2016", "adams2019", "li2018"};

/// What the log holds of one kernel at one target and thread count.
struct KernelRow {
  std::string key, label, op, role;
  int64_t batch = 0;
  const ScheduleRecord *costModel = nullptr, *best = nullptr;
  std::map<std::string, const ScheduleRecord *> autoscheduled;
  std::vector<const ScheduleRecord *> candidates; // the cost model's and the search's, in order
  std::vector<double> tuningSeconds;              // when each was measured, runs one after another
  std::vector<bool> eligible;                     // each may be chosen (cnnc::ScheduleChoice)
};

struct Group {
  std::string target;
  int threads = 1;
  double peak = 0; // GFLOP/s, the best measured
  std::vector<KernelRow> rows;
  double runStart = 0, lastSeconds = 0; // tuning runs, each starting with its peak, follow on
};

std::vector<Group> groupsOf(const std::vector<ScheduleRecord> &records) {
  std::vector<Group> groups;
  std::map<std::pair<std::string, int>, size_t> groupIndex;
  std::map<std::pair<size_t, std::string>, size_t> rowIndex;
  cnnc::ScheduleChoice choice(records);
  for (const ScheduleRecord &r : records) {
    auto [g, newGroup] = groupIndex.try_emplace({r.target, r.threads}, groups.size());
    if (newGroup)
      groups.push_back({r.target, r.threads, 0, {}, 0, 0});
    Group &group = groups[g->second];
    if (r.strategy == "peak") {
      group.peak = std::max(group.peak, r.gflops);
      group.runStart = group.lastSeconds;
      continue;
    }
    group.lastSeconds = group.runStart + r.elapsedS;
    if (r.strategy == "latency")
      continue; // it rules a candidate out or not, as cnnc --schedule does
    auto [k, newRow] = rowIndex.try_emplace({g->second, r.kernel}, group.rows.size());
    if (newRow)
      group.rows.push_back(
          {r.kernel, r.label, r.op, r.role, r.batch, nullptr, nullptr, {}, {}, {}, {}});
    KernelRow &row = group.rows[k->second];
    if (r.schedule.empty()) {
      row.autoscheduled[r.strategy] = &r;
      continue;
    }
    row.candidates.push_back(&r);
    row.tuningSeconds.push_back(group.lastSeconds);
    row.eligible.push_back(choice.eligible(r));
    if (r.strategy == "cost-model" && !row.costModel && r.status == "ok")
      row.costModel = &r;
    if (row.eligible.back() && (!row.best || r.vsCostModel < row.best->vsCostModel))
      row.best = &r;
  }
  return groups;
}

/// Ranks from 1, ties sharing their mean rank.
std::vector<double> ranks(const std::vector<double> &values) {
  std::vector<size_t> order(values.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
      ++j;
    for (size_t k = i; k <= j; ++k)
      rank[order[k]] = (double)(i + j) / 2 + 1;
    i = j + 1;
  }
  return rank;
}

/// Spearman's rank correlation of the cost model's predictions with the measured times of a
/// kernel's candidates (relative to the cost model's choice, measured next to it); NaN with
/// fewer than three it predicts.
double rankCorrelation(const KernelRow &row) {
  std::vector<double> predicted, measured;
  for (const ScheduleRecord *r : row.candidates)
    if (r->status == "ok" && r->modelCycles > 0) {
      predicted.push_back(r->modelCycles);
      measured.push_back(r->vsCostModel);
    }
  if (predicted.size() < 3)
    return NAN;
  std::vector<double> a = ranks(predicted), b = ranks(measured);
  double meanA = 0, meanB = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    meanA += a[i] / a.size();
    meanB += b[i] / b.size();
  }
  double cov = 0, varA = 0, varB = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    cov += (a[i] - meanA) * (b[i] - meanB);
    varA += (a[i] - meanA) * (a[i] - meanA);
    varB += (b[i] - meanB) * (b[i] - meanB);
  }
  return varA > 0 && varB > 0 ? cov / std::sqrt(varA * varB) : NAN;
}

/// "1.234 ms 45.6 GF/s 38%" (what has no matrix work shows its time alone), or why none.
std::string cell(const ScheduleRecord *r, double peak) {
  if (!r)
    return "-";
  if (r->status != "ok")
    return r->status;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("%.3f ms", r->medianMs);
  if (r->gflops > 0) {
    os << llvm::format(" %.1f GF/s", r->gflops);
    if (peak > 0)
      os << llvm::format(" %.0f%%", 100 * r->gflops / peak);
  }
  return os.str();
}

std::string speedup(const KernelRow &row) {
  if (!row.costModel || !row.best || row.best->vsCostModel <= 0)
    return "-";
  // Measured next to the cost model's, sample by sample.
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.2fx", 1 / row.best->vsCostModel);
  return text;
}

/// The best found as measured next to the cost model's: its time is the cost model's median
/// times the ratio (its own median, taken at another moment, drifts with the machine).
llvm::Optional<ScheduleRecord> bestNextToCostModel(const KernelRow &row) {
  if (!row.best || !row.costModel)
    return llvm::None;
  ScheduleRecord best = *row.best;
  best.medianMs = row.costModel->medianMs * row.best->vsCostModel;
  best.gflops = row.costModel->gflops / row.best->vsCostModel;
  return best;
}

std::vector<std::vector<std::string>> tableOf(const Group &group) {
  std::vector<std::vector<std::string>> table{{"kernel", "role", "batch", "cost model",
                                               "best found", "speedup", "mullapudi2016",
                                               "adams2019", "li2018", "rank corr."}};
  for (const KernelRow &row : group.rows) {
    double rho = rankCorrelation(row);
    std::string rhoText = "-";
    if (!std::isnan(rho))
      llvm::raw_string_ostream(rhoText = "") << llvm::format("%.2f", rho);
    llvm::Optional<ScheduleRecord> best = bestNextToCostModel(row);
    std::vector<std::string> line{
        row.label + " " + row.op.substr(4),  row.role,
        std::to_string(row.batch),           cell(row.costModel, group.peak),
        cell(best.getPointer(), group.peak), speedup(row)};
    for (const char *name : kAutoschedulers) {
      auto found = row.autoscheduled.find(name);
      line.push_back(cell(found == row.autoscheduled.end() ? nullptr : found->second, group.peak));
    }
    line.push_back(rhoText);
    table.push_back(line);
  }
  return table;
}

/// The best time found for a kernel (with a cost model's and a best record).
double bestMs(const KernelRow &row) { return bestNextToCostModel(row)->medianMs; }

/// The layers a fused kernel joins, by its label ("conv2d_1+max_pooling2d_1").
std::vector<std::string> partsOf(const KernelRow &row) {
  std::vector<std::string> parts;
  std::stringstream labels(row.label);
  for (std::string part; std::getline(labels, part, '+');)
    parts.push_back(part);
  return parts;
}

/// Each fused kernel's best time next to its layers' kernels alone (their inference kernels,
/// which the library keeps for reading a layer alone), summed.
std::string fusedAgainstParts(const Group &group, std::set<std::string> &parts) {
  std::string text;
  llvm::raw_string_ostream os(text);
  for (const KernelRow &fused : group.rows) {
    if (fused.op != "cnn.fused" || fused.role != "inference" || !fused.best)
      continue;
    double alone = 0;
    bool all = true;
    for (const std::string &part : partsOf(fused)) {
      parts.insert(part);
      auto row = std::find_if(group.rows.begin(), group.rows.end(), [&](const KernelRow &r) {
        return r.label == part && r.role == "inference";
      });
      all = all && row != group.rows.end() && row->best;
      if (all)
        alone += bestMs(*row);
    }
    if (all)
      os << llvm::format("fused %s (inference): %.3f ms, its layers alone %.3f ms (%.2fx)\n",
                         fused.label.c_str(), bestMs(fused), alone, alone / bestMs(fused));
  }
  return os.str();
}

/// The kernels' summed best times, cost model and best found, per role (but the layers of
/// fused kernels, which run inside them): a step's kernel time.
std::string totals(const Group &group) {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::set<std::string> parts;
  os << fusedAgainstParts(group, parts);
  for (const char *role : {"inference", "training"}) {
    double model = 0, best = 0;
    for (const KernelRow &row : group.rows)
      if (row.role == role && row.costModel && row.best &&
          !(row.role == "inference" && row.op != "cnn.fused" && parts.count(row.label))) {
        model += row.costModel->medianMs;
        best += bestMs(row);
      }
    if (model > 0)
      os << llvm::format("%s kernels summed: cost model %.2f ms, best found %.2f ms (%.2fx)\n",
                         role, model, best, model / best);
  }
  std::vector<double> rhos;
  for (const KernelRow &row : group.rows)
    if (!std::isnan(rankCorrelation(row)))
      rhos.push_back(rankCorrelation(row));
  if (!rhos.empty()) {
    double mean = 0;
    for (double rho : rhos)
      mean += rho / rhos.size();
    os << llvm::format("cost model rank correlation with the measurements (Spearman): mean %.2f "
                       "over %d kernels it models\n",
                       mean, (int)rhos.size());
  }
  return os.str();
}

void printTable(const std::vector<std::vector<std::string>> &table, llvm::raw_ostream &os) {
  std::vector<size_t> widths(table[0].size(), 0);
  for (const auto &line : table)
    for (size_t c = 0; c < line.size(); ++c)
      widths[c] = std::max(widths[c], line[c].size());
  for (const auto &line : table) {
    for (size_t c = 0; c < line.size(); ++c)
      os << llvm::left_justify(line[c], widths[c] + 2);
    os << "\n";
  }
}

void printMarkdown(const std::vector<std::vector<std::string>> &table, std::ostream &os) {
  for (size_t i = 0; i < table.size(); ++i) {
    os << "|";
    for (const std::string &cellText : table[i])
      os << " " << cellText << " |";
    os << "\n";
    if (i == 0) {
      os << "|";
      for (size_t c = 0; c < table[0].size(); ++c)
        os << "---|";
      os << "\n";
    }
  }
}

/// Best time found so far, as a speedup over the cost model, against the seconds into the
/// tuning run, one line per kernel.
void plot(const std::vector<Group> &groups, const std::string &path) {
  const cnn::Color palette[] = {cnn::kBlue,
                                cnn::kOrange,
                                cnn::kRed,
                                {0.173, 0.627, 0.173},
                                {0.580, 0.404, 0.741},
                                {0.549, 0.337, 0.294},
                                {0.890, 0.467, 0.761},
                                {0.498, 0.498, 0.498}};
  cnn::Canvas canvas(1000 * (int)groups.size(), 560);
  for (size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::vector<double>> xs, ys;
    std::vector<double> allX, allY;
    std::vector<std::pair<std::string, cnn::Color>> legend;
    size_t colours = 0;
    for (const KernelRow &row : groups[g].rows) {
      if (!row.costModel)
        continue;
      std::vector<double> x, y;
      double best = 1;
      for (size_t i = 0; i < row.candidates.size(); ++i)
        if (const ScheduleRecord *r = row.candidates[i]; row.eligible[i]) {
          best = std::min(best, r->vsCostModel);
          x.push_back(row.tuningSeconds[i]);
          y.push_back(1 / best);
        }
      allX.insert(allX.end(), x.begin(), x.end());
      allY.insert(allY.end(), y.begin(), y.end());
      xs.push_back(x);
      ys.push_back(y);
      // The first eight kernels the search sped up take colours and a legend entry.
      if (colours < 8 && !y.empty() && y.back() > 1.05)
        legend.push_back(
            {row.label + " " + row.op.substr(4) + " (" + row.role + ")", palette[colours++]});
      else
        legend.push_back({"", {0.75, 0.75, 0.75}});
    }
    cnn::Axes axes(canvas, 90 + 1000.0 * g, 50, 860, 440, cnn::withMargins(cnn::extent(allX)),
                   cnn::withMargins(cnn::extent(allY)));
    std::vector<std::pair<std::string, cnn::Color>> named;
    for (size_t k = 0; k < xs.size(); ++k) {
      axes.plot(xs[k], ys[k], legend[k].second);
      if (!legend[k].first.empty())
        named.push_back(legend[k]);
    }
    if (!named.empty())
      axes.legend(named, /*lower=*/true);
    axes.finish("seconds of tuning (runs one after another)",
                "speedup of the best found over the cost model",
                groups[g].target + ", " + std::to_string(groups[g].threads) + " thread" +
                    (groups[g].threads == 1 ? "" : "s"));
  }
  canvas.save(path);
}

/// Runs a tool beside cnn-tune with stdout to `out`; its exit status.
int runTool(const std::string &tools, const std::string &name, std::vector<std::string> args,
            const std::string &out) {
  llvm::SmallString<256> path(tools);
  llvm::sys::path::append(path, name);
  std::vector<llvm::StringRef> argv{path};
  argv.insert(argv.end(), args.begin(), args.end());
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::None, llvm::StringRef(out), llvm::None};
  return llvm::sys::ExecuteAndWait(path, argv, llvm::None, redirects);
}

/// How many times each library is timed, alternately, so that a slow spell of a shared machine
/// does not fall on one library alone; each figure is the best of its library's rounds.
constexpr int kEndToEndRounds = 2;

/// The better of two figures of `key`: the lower latency, the higher images/s.
double better(const char *key, double a, double b) {
  if (a <= 0 || b <= 0)
    return std::max(a, b);
  return llvm::StringRef(key).endswith("_ms") ? std::min(a, b) : std::max(a, b);
}

/// The default and the tuned library of the model, compiled and timed by cnn bench in this run.
int endToEnd(const ReportOptions &options, const Group &group, llvm::raw_ostream &os,
             std::ostream *markdown) {
  llvm::SmallString<256> dir;
  if (llvm::sys::fs::createUniqueDirectory("cnn-tune-report", dir))
    return 1;
  std::string threads = std::to_string(group.threads), out = (dir + "/out.txt").str();
  const char *kinds[] = {"default", "tuned"};
  const char *keys[] = {"train_img_s", "infer_img_s", "latency_ms"};
  auto library = [&](llvm::StringRef kind) { return (dir + "/" + kind + "/model.so").str(); };
  for (const char *kind : kinds) {
    llvm::sys::fs::create_directories(dir + "/" + kind);
    std::vector<std::string> compile{options.model, "-o", library(kind), "--target=" + group.target,
                                     "--schedule-threads=" + threads};
    if (std::string(kind) == "tuned")
      compile.push_back("--schedule=" + options.log);
    if (runTool(options.tools, "cnnc", compile, out) != 0) {
      llvm::WithColor::error(llvm::errs(), "cnn-tune")
          << "the " << kind << " library of " << options.model << " did not build\n";
      return 1;
    }
  }
  std::map<std::string, std::map<std::string, double>> figures; // kind -> key -> best
  for (int round = 0; round < kEndToEndRounds; ++round)
    for (const char *kind : kinds) {
      if (runTool(options.tools, "cnn", {"bench", library(kind), "--threads", threads}, out)) {
        llvm::WithColor::error(llvm::errs(), "cnn-tune")
            << "the " << kind << " library of " << options.model << " did not run\n";
        return 1;
      }
      auto text = llvm::MemoryBuffer::getFile(out);
      std::string lines = text ? (*text)->getBuffer().str() : "";
      auto line = nlohmann::json::parse(lines.substr(lines.rfind('{')), nullptr, false);
      for (const char *key : keys)
        figures[kind][key] = better(key, figures[kind][key], line.value(key, 0.0));
    }
  llvm::sys::fs::remove_directories(dir);
  std::vector<std::vector<std::string>> table{{"end to end", "default", "tuned", "tuned/default"}};
  for (const char *key : keys) {
    double base = figures["default"][key], tuned = figures["tuned"][key];
    std::string ratio;
    llvm::raw_string_ostream(ratio) << llvm::format("%.2f", base > 0 ? tuned / base : 0.0);
    std::string a, b;
    llvm::raw_string_ostream(a) << llvm::format("%.4g", base);
    llvm::raw_string_ostream(b) << llvm::format("%.4g", tuned);
    table.push_back({key, a, b, ratio});
  }
  printTable(table, os);
  if (markdown)
    printMarkdown(table, *markdown);
  return 0;
}

} // namespace

int writeReport(const ReportOptions &options) {
  std::string error;
  auto records = cnnc::readScheduleLog(
      options.log,
      [](const std::string &why) {
        llvm::WithColor::warning(llvm::errs(), "cnn-tune") << why << "\n";
      },
      error);
  if (mlir::failed(records)) {
    llvm::WithColor::error(llvm::errs(), "cnn-tune") << error << "\n";
    return 1;
  }
  std::vector<Group> groups = groupsOf(*records);
  std::ostringstream markdownText;
  std::ostream *markdown = options.markdown.empty() ? nullptr : &markdownText;
  for (const Group &group : groups) {
    std::string title = group.target + ", " + std::to_string(group.threads) + " thread" +
                        (group.threads == 1 ? "" : "s");
    std::string peak;
    llvm::raw_string_ostream(peak) << llvm::format("%.1f", group.peak);
    llvm::outs() << "== " << title << ": measured FP32 peak " << peak << " GFLOP/s\n";
    auto table = tableOf(group);
    printTable(table, llvm::outs());
    llvm::outs() << totals(group);
    if (markdown) {
      *markdown << "## " << title << "\n\nMeasured FP32 peak " << peak << " GFLOP/s.\n\n";
      printMarkdown(table, *markdown);
      *markdown << "\n" << totals(group) << "\n";
    }
    if (!options.model.empty() && endToEnd(options, group, llvm::outs(), markdown) != 0)
      return 1;
  }
  const std::string markdownFile = markdownText.str();
  if (const int error = markdown ? cnnrt::replaceFile(options.markdown,
                                                      {{markdownFile.data(), markdownFile.size()}})
                                 : 0) {
    llvm::WithColor::error(llvm::errs(), "cnn-tune")
        << "cannot write " << options.markdown << ": " << std::strerror(error) << "\n";
    return 1;
  }
  if (!options.png.empty()) {
    plot(groups, options.png);
    llvm::outs() << "wrote " << options.png << "\n";
  }
  return 0;
}

} // namespace cnntune
