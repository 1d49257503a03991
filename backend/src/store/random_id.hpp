#pragma once

#include <string>

namespace counterd {

// 16 random hex digits from the system's entropy source.
std::string random_id();

}  // namespace counterd
