#pragma once

// Telling whether a process that left something behind (a `running` row in
// the run history, a recovery copy) still exists. A pid alone can be reused,
// so a token naming the host, the boot and the process's start time goes
// with it.

#include <cstdint>
#include <string>

namespace cqrs {

std::int64_t currentPid();
/// "HOST|BOOT-ID|START-TICKS" of this process; stable for its lifetime.
std::string currentProcessToken();
/// False only when we can tell that the process is gone (same host and boot,
/// and no process with that pid and start time, or only a zombie). A token
/// from another host is taken as alive.
bool processAlive(std::int64_t pid, const std::string &token);

} // namespace cqrs
