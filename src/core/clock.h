// The clock every timer reads: SLA deadlines, invitation delays, fatigue
// windows, token expiry, sessions. Injected, so tests set time exactly.
#pragma once

#include <atomic>
#include <cstdint>

namespace beleving {

// Unix time in seconds (UTC). Domain times are stored and passed as this.
using UnixSeconds = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds Now() const = 0;
};

// The wall clock.
class SystemClock final : public Clock {
 public:
  UnixSeconds Now() const override;
  static SystemClock* Get();
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixSeconds start) : now_(start) {}
  UnixSeconds Now() const override { return now_.load(); }
  void Set(UnixSeconds t) { now_.store(t); }
  void Advance(int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<UnixSeconds> now_;
};

}  // namespace beleving
