#pragma once

// Telling whether the process that recorded a `running` row still exists.
// A pid alone can be reused, so a row also stores a token naming this host,
// this boot and the process's start time.

#include <cstdint>
#include <string>

namespace cqrs::history::detail {

std::int64_t currentPid();
/// "HOST|BOOT-ID|START-TICKS" of this process; stable for its lifetime.
std::string currentProcessToken();
/// False only when we can tell that the process is gone (same host and boot,
/// and no process with that pid and start time). A row from another host is
/// taken as alive.
bool processAlive(std::int64_t pid, const std::string &token);

} // namespace cqrs::history::detail
