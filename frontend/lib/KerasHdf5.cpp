// Hdf5File: an Hdf5Reader in a child process, asked over a socket, so that libhdf5 crashing or
// hanging on a damaged file ends the child, not cnnc.
#include "KerasHdf5.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

namespace cnnc::keras {
namespace {

/// How long one read may take; far more than a real model's largest tensor needs.
constexpr int kReadSeconds = 10;

// A message is its kind (one character), the length of its bytes (8 bytes) and the bytes.
// Requests: 'S' (path, NUL, attribute name), 'F' (path, NUL, what). Answers: 'O' / 'N' (the file
// opened or not), 'A' (absent), 'E' (an ImportError's message), 'L' (strings, each its length
// and bytes), 'F' (rank, each dimension, the floats).
using Message = std::pair<char, std::string>;

void putU64(std::string &bytes, uint64_t value) {
  bytes.append(reinterpret_cast<const char *>(&value), sizeof value);
}

uint64_t takeU64(const std::string &bytes, size_t &at) {
  uint64_t value = 0;
  if (at + sizeof value <= bytes.size())
    std::memcpy(&value, bytes.data() + at, sizeof value);
  at += sizeof value;
  return value;
}

bool sendAll(int socket, const char *data, size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(socket, data, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR)
      continue;
    if (sent <= 0)
      return false;
    data += sent, size -= static_cast<size_t>(sent);
  }
  return true;
}

bool sendMessage(int socket, const Message &message) {
  std::string header(1, message.first);
  putU64(header, message.second.size());
  return sendAll(socket, header.data(), header.size()) &&
         sendAll(socket, message.second.data(), message.second.size());
}

/// Fills `size` bytes; false at the end of the stream or when `deadline` (if any) passes.
bool receiveAll(int socket, char *data, size_t size,
                const std::chrono::steady_clock::time_point *deadline) {
  while (size > 0) {
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      pollfd ready{socket, POLLIN, 0};
      const int polled = ::poll(&ready, 1, static_cast<int>(std::max<int64_t>(0, left.count())));
      if (polled < 0 && errno == EINTR)
        continue;
      if (polled <= 0)
        return false;
    }
    const ssize_t received = ::recv(socket, data, size, 0);
    if (received < 0 && errno == EINTR)
      continue;
    if (received <= 0)
      return false;
    data += received, size -= static_cast<size_t>(received);
  }
  return true;
}

std::optional<Message> receiveMessage(int socket,
                                      const std::chrono::steady_clock::time_point *deadline) {
  char header[1 + sizeof(uint64_t)];
  if (!receiveAll(socket, header, sizeof header, deadline))
    return std::nullopt;
  size_t at = 0;
  const uint64_t length = takeU64(std::string(header + 1, sizeof header - 1), at);
  Message message{header[0], std::string(length, '\0')};
  if (!receiveAll(socket, message.second.data(), length, deadline))
    return std::nullopt;
  return message;
}

/// The child's answer to one request.
Message answer(const Hdf5Reader &reader, const Message &request) {
  const size_t split = request.second.find('\0');
  const std::string path = request.second.substr(0, split);
  const std::string argument = split == std::string::npos ? "" : request.second.substr(split + 1);
  try {
    if (request.first == 'S') {
      auto strings = reader.stringListAttribute(path, argument.c_str());
      if (!strings)
        return {'A', ""};
      std::string bytes;
      for (const std::string &text : *strings) {
        putU64(bytes, text.size());
        bytes += text;
      }
      return {'L', bytes};
    }
    auto array = reader.readFloats(path, argument);
    if (!array)
      return {'A', ""};
    std::string bytes;
    putU64(bytes, array->shape.size());
    for (int64_t dim : array->shape)
      putU64(bytes, static_cast<uint64_t>(dim));
    bytes.append(reinterpret_cast<const char *>(array->data.data()),
                 array->data.size() * sizeof(float));
    return {'F', bytes};
  } catch (const std::exception &error) { // an ImportError, or memory running out
    return {'E', error.what()};
  }
}

/// The child: opens the file, says whether it could, answers until the parent closes the socket.
[[noreturn]] void serve(int socket, const std::function<std::unique_ptr<Hdf5Reader>()> &open) {
  // libhdf5 crashing ends the child by its signal, which the parent reports.
  for (int signal : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL})
    std::signal(signal, SIG_DFL);
  silenceHdf5Errors();
  std::unique_ptr<Hdf5Reader> reader = open();
  bool serving = sendMessage(socket, {reader ? 'O' : 'N', ""});
  while (serving && reader) {
    std::optional<Message> request = receiveMessage(socket, nullptr);
    serving = request && sendMessage(socket, answer(*reader, *request));
  }
  _exit(0); // no atexit handlers: they are the parent's
}

} // namespace

std::unique_ptr<Hdf5File>
Hdf5File::start(const std::function<std::unique_ptr<Hdf5Reader>()> &open) {
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0)
    throw ImportError(std::string("cannot start the HDF5 reader: ") + std::strerror(errno));
  const pid_t child = ::fork();
  if (child < 0) {
    const int error = errno;
    ::close(sockets[0]);
    ::close(sockets[1]);
    throw ImportError(std::string("cannot start the HDF5 reader: ") + std::strerror(error));
  }
  if (child == 0) {
    ::close(sockets[0]);
    serve(sockets[1], open);
  }
  ::close(sockets[1]);
  std::unique_ptr<Hdf5File> file(new Hdf5File(child, sockets[0]));
  if (file->ask("", "the file's superblock").first != 'O')
    return nullptr;
  return file;
}

std::unique_ptr<Hdf5File> Hdf5File::open(const std::string &path) {
  return start([&] { return Hdf5Reader::open(path); });
}

std::unique_ptr<Hdf5File> Hdf5File::openImage(llvm::StringRef image) {
  return start([&] { return Hdf5Reader::openImage(image); });
}

Hdf5File::~Hdf5File() {
  ::close(socket); // the child's end of the stream: it exits
  ::waitpid(child, nullptr, 0);
}

std::pair<char, std::string> Hdf5File::ask(const std::string &request,
                                           const std::string &what) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kReadSeconds);
  bool sent = request.empty() || sendMessage(socket, {request[0], request.substr(1)});
  std::optional<Message> reply = sent ? receiveMessage(socket, &deadline) : std::nullopt;
  if (reply) {
    if (reply->first == 'E')
      throw ImportError(reply->second);
    return *reply;
  }
  // The child died, or is still reading: it is ended either way.
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    // Not libhdf5's signal but a report of the sanitizers on cnnc's own code: a bug to see.
    std::fprintf(stderr, "cnnc: the HDF5 reader failed with exit status %d\n", WEXITSTATUS(status));
    std::abort();
  }
  const bool crashed = WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL;
  throw ImportError(crashed ? "libhdf5 crashed (" + std::string(strsignal(WTERMSIG(status))) +
                                  ") reading " + what + ": the file is damaged"
                            : "libhdf5 did not finish reading " + what + " in " +
                                  std::to_string(kReadSeconds) + " s: the file is damaged");
}

std::optional<std::vector<std::string>> Hdf5File::stringListAttribute(const std::string &path,
                                                                      const char *name) const {
  const std::string what = "attribute '" + std::string(name) + "' of " + path;
  auto [kind, bytes] = ask("S" + path + '\0' + name, what);
  if (kind == 'A')
    return std::nullopt;
  std::vector<std::string> strings;
  for (size_t at = 0; at < bytes.size();) {
    const uint64_t length = takeU64(bytes, at);
    strings.push_back(bytes.substr(std::min(at, bytes.size()), length));
    at += length;
  }
  return strings;
}

std::optional<std::string> Hdf5File::stringAttribute(const std::string &path,
                                                     const char *name) const {
  std::optional<std::vector<std::string>> strings = stringListAttribute(path, name);
  if (!strings)
    return std::nullopt;
  if (strings->size() != 1)
    throw ImportError("attribute '" + std::string(name) + "' of " + path +
                      " holds several strings; expected one");
  return strings->front();
}

std::optional<FloatArray> Hdf5File::readFloats(const std::string &path,
                                               const std::string &what) const {
  auto [kind, bytes] = ask("F" + path + '\0' + what, what + " (" + path + ")");
  if (kind == 'A')
    return std::nullopt;
  size_t at = 0;
  FloatArray array;
  array.shape.resize(takeU64(bytes, at));
  for (int64_t &dim : array.shape)
    dim = static_cast<int64_t>(takeU64(bytes, at));
  array.data.resize((bytes.size() - std::min(at, bytes.size())) / sizeof(float));
  std::memcpy(array.data.data(), bytes.data() + std::min(at, bytes.size()),
              array.data.size() * sizeof(float));
  return array;
}

} // namespace cnnc::keras
