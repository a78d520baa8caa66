#include "store/conformance/pg_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "store/postgres/pg_conn.h"

namespace beleving::store::conformance {
namespace {

namespace fs = std::filesystem;

using RunAs = PgCluster::RunAs;

Result<RunAs> ServerUser() {
  RunAs who;
  if (::geteuid() != 0) return who;
  const passwd* pw = ::getpwnam("postgres");
  if (!pw) {
    return FailedPrecondition(
        "the PostgreSQL conformance tests run as root need the 'postgres' user (apt-get install "
        "postgresql)");
  }
  who.uid = pw->pw_uid;
  who.gid = pw->pw_gid;
  who.change = true;
  return who;
}

// Starts argv as `who`, stdout and stderr to log_path; the child gets
// SIGQUIT (immediate shutdown) when this process dies.
Result<pid_t> Spawn(const std::vector<std::string>& argv, const RunAs& who,
                    const std::string& log_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return Internal("cannot open " + log_path);
  if (who.change && ::fchown(log, who.uid, who.gid) != 0) {
    ::close(log);
    return Internal("cannot chown " + log_path);
  }
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log);
    return Internal("fork failed");
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    ::dup2(log, 1);
    ::dup2(log, 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    if (who.change &&
        (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0)) {
      ::_exit(126);
    }
    // After the credential change, which would clear it.
    ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (::getppid() != parent) ::_exit(125);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(log);
  return pid;
}

Status RunToEnd(const std::vector<std::string>& argv, const RunAs& who,
                const std::string& log_path) {
  ASSIGN_OR_RETURN(pid_t pid, Spawn(argv, who, log_path));
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream in(log_path);
    std::stringstream log;
    log << in.rdbuf();
    return Internal(argv[0] + " failed: " + log.str());
  }
  return Status::Ok();
}

Result<int> FreeLoopbackPort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return Internal("socket failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(s);
    return Internal("cannot find a free port");
  }
  ::close(s);
  return static_cast<int>(ntohs(a.sin_port));
}

// Removes clusters left behind by a test process that was killed (its server
// died with it, PR_SET_PDEATHSIG): older than ten minutes and no live server.
void RemoveStaleClusters() {
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    if (e.path().filename().string().rfind("beleving-pg-", 0) != 0) continue;
    auto age = now - fs::last_write_time(e.path(), ec);
    if (ec || age < std::chrono::minutes(10)) continue;
    std::ifstream pidfile(e.path() / "data" / "postmaster.pid");
    pid_t pid = 0;
    if (pidfile >> pid && pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH)) continue;
    fs::remove_all(e.path(), ec);
  }
}

}  // namespace

Result<std::string> PgCluster::FindBinDir() {
  for (const char* v : {"17", "16", "15", "14", "13"}) {
    std::string dir = std::string("/usr/lib/postgresql/") + v + "/bin";
    if (fs::exists(dir + "/initdb") && fs::exists(dir + "/postgres")) return dir;
  }
  return FailedPrecondition(
      "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: the PostgreSQL "
      "conformance tests need them (apt-get install postgresql, or `make deps`)");
}

Status PgCluster::Start() {
  ASSIGN_OR_RETURN(std::string bin, FindBinDir());
  ASSIGN_OR_RETURN(RunAs who, ServerUser());
  RemoveStaleClusters();
  std::string tmpl = (fs::temp_directory_path() / "beleving-pg-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) return Internal("mkdtemp failed");
  dir_ = buf.data();
  if (who.change && ::chown(dir_.c_str(), who.uid, who.gid) != 0) {
    return Internal("cannot chown " + dir_);
  }
  const std::string data = dir_ + "/data";
  const std::string log = dir_ + "/server.log";
  RETURN_IF_ERROR(RunToEnd({bin + "/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E",
                            "UTF8", "--locale=C", "--no-sync"},
                           who, dir_ + "/initdb.log"));
  // The port is free when picked but another process may take it before
  // the server binds it: then try another one.
  Status started;
  for (int attempt = 0; attempt < 3; ++attempt) {
    started = StartServer(bin, who, data, log);
    if (started.ok()) return started;
  }
  return started;
}

Status PgCluster::StartServer(const std::string& bin, const RunAs& who, const std::string& data,
                              const std::string& log) {
  ASSIGN_OR_RETURN(port_, FreeLoopbackPort());
  ASSIGN_OR_RETURN(server_,
                   Spawn({bin + "/postgres", "-D", data, "-p", std::to_string(port_), "-c",
                          "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c",
                          "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=200"},
                         who, log));
  // Ready when it accepts a connection (at most 60 s).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (PgConn::Open(Url("postgres")).ok()) return Status::Ok();
    int status = 0;
    if (::waitpid(server_, &status, WNOHANG) == server_) {
      server_ = -1;
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      return Internal("the PostgreSQL server did not start: " + text.str());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Internal("the PostgreSQL server did not accept connections within 60 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void PgCluster::Stop() {
  if (server_ > 0) {
    ::kill(server_, SIGINT);  // fast shutdown: ends sessions, then exits
    int status = 0;
    ::waitpid(server_, &status, 0);
    server_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    dir_.clear();
  }
}

std::string PgCluster::Url(const std::string& db) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

}  // namespace beleving::store::conformance
