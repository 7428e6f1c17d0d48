#include "cqrs/model/process.h"

#include <cerrno>
#include <csignal>
#include <fstream>
#include <sstream>

#include <sys/types.h>
#include <unistd.h>

namespace cqrs {

namespace {

std::string firstLine(const std::string &file)
{
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string hostName()
{
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0)
        return {};
    return name;
}

// Field 22 (starttime, clock ticks after boot) of /proc/PID/stat, and its
// state (field 3); empty when there is no such process.
bool readStat(std::int64_t pid, std::string &startTicks, char &state)
{
    const std::string text = firstLine("/proc/" + std::to_string(pid) + "/stat");
    // The command name (field 2) is in parentheses and may hold spaces.
    const auto close = text.rfind(')');
    if (close == std::string::npos)
        return false;
    std::istringstream rest(text.substr(close + 1));
    std::string field;
    int index = 2;
    while (rest >> field) {
        ++index;
        if (index == 3)
            state = field.empty() ? '?' : field[0];
        if (index == 22) {
            startTicks = field;
            return true;
        }
    }
    return false;
}

std::string token(const std::string &startTicks)
{
    return hostName() + '|' + firstLine("/proc/sys/kernel/random/boot_id") + '|' + startTicks;
}

} // namespace

std::int64_t currentPid()
{
    return static_cast<std::int64_t>(getpid());
}

std::string currentProcessToken()
{
    static const std::string t = [] {
        std::string ticks;
        char state = 0;
        readStat(currentPid(), ticks, state);
        return token(ticks);
    }();
    return t;
}

bool processAlive(std::int64_t pid, const std::string &recorded)
{
    if (pid <= 0)
        return true;
    const auto bar = recorded.find('|');
    if (bar == std::string::npos || recorded.substr(0, bar) != hostName())
        return true; // another host (a shared folder): we cannot tell
    const std::string ourBoot = firstLine("/proc/sys/kernel/random/boot_id");
    const auto bar2 = recorded.find('|', bar + 1);
    if (bar2 == std::string::npos)
        return true;
    if (!ourBoot.empty() && recorded.substr(bar + 1, bar2 - bar - 1) != ourBoot)
        return false; // recorded before the last reboot
    std::string ticks;
    char state = 0;
    if (readStat(pid, ticks, state)) {
        // A zombie has finished: it only waits for its parent.
        return ticks == recorded.substr(bar2 + 1) && state != 'Z' && state != 'X';
    }
    if (ourBoot.empty()) { // no /proc: fall back to the pid alone
        return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
    }
    return false;
}

} // namespace cqrs
