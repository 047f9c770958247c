// cnn-tune --report: what a schedule log says, per kernel and strategy, as text, Markdown and a
// plot.
#ifndef CNN_TUNE_REPORT_H
#define CNN_TUNE_REPORT_H

#include <string>

namespace cnntune {

struct ReportOptions {
  std::string log;      // the schedule log
  std::string png;      // the plot of best time found against tuning time, when given
  std::string markdown; // the tables as Markdown, when given
  std::string model;    // with a model: its default and tuned libraries timed end to end
  std::string tools;    // the folder of cnnc and cnn
};

/// Prints the report to stdout; returns the exit status (errors printed).
int writeReport(const ReportOptions &options);

} // namespace cnntune

#endif // CNN_TUNE_REPORT_H
