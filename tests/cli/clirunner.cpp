#include "cli/clirunner.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace candor::testing {

CliResult runCliOn(const std::string &db, const std::string &home, const std::vector<std::string> &args,
                   std::map<std::string, std::string> env)
{
    CliRun run;
    run.args = {"--db", db};
    run.args.insert(run.args.end(), args.begin(), args.end());
    run.env = std::move(env);
    run.home = home;
    return runCli(run);
}

void expectMentions(const std::string &text, const std::string &what)
{
    EXPECT_NE(text.find(what), std::string::npos) << "expected \"" << what << "\" in:\n" << text;
}

const char *cliPath()
{
    return CANDOR_CLI_PATH;
}

CliResult runCli(const CliRun &run)
{
    // Everything the child needs is built before fork(): after it only async-signal-safe
    // calls are allowed.
    std::vector<std::string> argStrings{cliPath()};
    argStrings.insert(argStrings.end(), run.args.begin(), run.args.end());
    std::vector<char *> argv;
    for (auto &a : argStrings)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    std::map<std::string, std::string> env = {{"PATH", "/usr/bin:/bin"}, {"LANG", "C.UTF-8"}};
    if (!run.home.empty())
        env["HOME"] = run.home;
    for (const auto &[k, v] : run.env)
        env[k] = v;
    std::vector<std::string> envStrings;
    for (const auto &[k, v] : env)
        envStrings.push_back(k + "=" + v);
    std::vector<char *> envp;
    for (auto &e : envStrings)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int outPipe[2];
    int errPipe[2];
    if (pipe(outPipe) != 0 || pipe(errPipe) != 0)
        throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int devNull = open("/dev/null", O_RDONLY);
        dup2(devNull, STDIN_FILENO); // never a terminal: no password prompt can hang a test
        if (!run.stdoutFile.empty()) {
            const int file = open(run.stdoutFile.c_str(), O_WRONLY);
            dup2(file, STDOUT_FILENO);
        } else {
            dup2(outPipe[1], STDOUT_FILENO);
        }
        dup2(errPipe[1], STDERR_FILENO);
        close(outPipe[0]);
        close(outPipe[1]);
        close(errPipe[0]);
        close(errPipe[1]);
        if (run.asNobody) {
            if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
                _exit(120);
        }
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    close(outPipe[1]);
    close(errPipe[1]);

    CliResult result;
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    std::string *sinks[2] = {&result.out, &result.err};
    int openPipes = 2;
    while (openPipes > 0) {
        if (poll(fds, 2, -1) < 0)
            break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buffer[4096];
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, std::size_t(n));
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --openPipes;
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

} // namespace candor::testing
