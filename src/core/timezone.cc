#include "core/timezone.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

#include "core/time_format.h"

namespace beleving {

namespace {

constexpr int64_t kLastRuleYear = 2100;

// Big-endian readers over the TZif bytes.
class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool Has(size_t n) const { return pos_ + n <= b_.size(); }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(b_[pos_++]);
    return v;
  }
  int64_t I64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(b_[pos_++]);
    return static_cast<int64_t>(v);
  }
  uint8_t U8() { return static_cast<uint8_t>(b_[pos_++]); }
  void Skip(size_t n) { pos_ += n; }
  size_t pos() const { return pos_; }
  std::string_view Rest() const { return b_.substr(pos_); }

 private:
  std::string_view b_;
  size_t pos_ = 0;
};

struct Header {
  uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
  char version;
};

bool ReadHeader(Reader& r, Header* h) {
  if (!r.Has(44)) return false;
  char magic[4];
  for (char& c : magic) c = static_cast<char>(r.U8());
  if (std::memcmp(magic, "TZif", 4) != 0) return false;
  h->version = static_cast<char>(r.U8());
  r.Skip(15);
  h->isutcnt = r.U32();
  h->isstdcnt = r.U32();
  h->leapcnt = r.U32();
  h->timecnt = r.U32();
  h->typecnt = r.U32();
  h->charcnt = r.U32();
  return h->typecnt > 0;
}

size_t BlockSize(const Header& h, size_t time_size) {
  return h.timecnt * time_size + h.timecnt + h.typecnt * 6 + h.charcnt +
         h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
}

// ---- POSIX TZ strings (the TZif footer) ----------------------------------

struct Rule {
  enum Kind { kJulian1, kJulian0, kMonthWeekDay } kind = kMonthWeekDay;
  int day = 0, week = 0, month = 0;  // meaning depends on kind
  int32_t time = 7200;               // local seconds after midnight
};

struct PosixTz {
  int32_t std_offset = 0;  // east positive
  bool has_dst = false;
  int32_t dst_offset = 0;
  Rule start, end;
};

class PosixParser {
 public:
  explicit PosixParser(std::string_view s) : s_(s) {}

  bool Parse(PosixTz* tz) {
    if (!Name()) return false;
    int32_t off;
    if (!Offset(&off)) return false;
    tz->std_offset = -off;
    if (Done()) return true;
    if (!Name()) return false;
    tz->has_dst = true;
    tz->dst_offset = tz->std_offset + 3600;
    if (!Done() && Peek() != ',') {
      if (!Offset(&off)) return false;
      tz->dst_offset = -off;
    }
    if (Done()) {  // DST named without rules: POSIX default is US rules; treat as none.
      tz->has_dst = false;
      return true;
    }
    if (Peek() != ',') return false;
    ++i_;
    if (!ParseRule(&tz->start)) return false;
    if (Done() || Peek() != ',') return false;
    ++i_;
    if (!ParseRule(&tz->end)) return false;
    return Done();
  }

 private:
  bool Done() const { return i_ >= s_.size(); }
  char Peek() const { return s_[i_]; }

  bool Name() {
    if (Done()) return false;
    if (Peek() == '<') {
      size_t close = s_.find('>', i_);
      if (close == std::string_view::npos) return false;
      i_ = close + 1;
      return true;
    }
    size_t start = i_;
    while (!Done() && ((Peek() >= 'A' && Peek() <= 'Z') || (Peek() >= 'a' && Peek() <= 'z'))) ++i_;
    return i_ - start >= 3;
  }

  bool Number(int* out) {
    size_t start = i_;
    int v = 0;
    while (!Done() && Peek() >= '0' && Peek() <= '9' && i_ - start < 4)
      v = v * 10 + (s_[i_++] - '0');
    *out = v;
    return i_ > start;
  }

  // [+-]hh[:mm[:ss]] in seconds (hours may be up to 167 for rule times).
  bool Offset(int32_t* out) {
    int sign = 1;
    if (!Done() && (Peek() == '+' || Peek() == '-')) sign = s_[i_++] == '-' ? -1 : 1;
    int h = 0, m = 0, sec = 0;
    if (!Number(&h)) return false;
    if (!Done() && Peek() == ':') {
      ++i_;
      if (!Number(&m)) return false;
      if (!Done() && Peek() == ':') {
        ++i_;
        if (!Number(&sec)) return false;
      }
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }

  bool ParseRule(Rule* r) {
    if (Done()) return false;
    if (Peek() == 'M') {
      ++i_;
      r->kind = Rule::kMonthWeekDay;
      if (!Number(&r->month) || Done() || Peek() != '.') return false;
      ++i_;
      if (!Number(&r->week) || Done() || Peek() != '.') return false;
      ++i_;
      if (!Number(&r->day)) return false;
      if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->day > 6) return false;
    } else if (Peek() == 'J') {
      ++i_;
      r->kind = Rule::kJulian1;
      if (!Number(&r->day) || r->day < 1 || r->day > 365) return false;
    } else {
      r->kind = Rule::kJulian0;
      if (!Number(&r->day) || r->day > 365) return false;
    }
    r->time = 7200;
    if (!Done() && Peek() == '/') {
      ++i_;
      if (!Offset(&r->time)) return false;
    }
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Days since the epoch of the local date the rule names in year `y`.
int64_t RuleDay(const Rule& r, int64_t y) {
  const int64_t jan1 = DaysFromCivil(y, 1, 1);
  switch (r.kind) {
    case Rule::kJulian1: {  // 1..365, February 29 never counted
      int64_t d = r.day - 1;
      if (IsLeap(y) && r.day >= 60) ++d;
      return jan1 + d;
    }
    case Rule::kJulian0:
      return jan1 + r.day;
    case Rule::kMonthWeekDay: {
      static const int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      const int64_t first = DaysFromCivil(y, static_cast<unsigned>(r.month), 1);
      const int64_t dow_first = ((first % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday
      int64_t day = first + (r.day - dow_first + 7) % 7 + (r.week - 1) * 7;
      int len = kMonthDays[r.month - 1] + ((r.month == 2 && IsLeap(y)) ? 1 : 0);
      while (day >= first + len) day -= 7;
      return day;
    }
  }
  return jan1;
}

}  // namespace

TimeZone::TimeZone() {
  static const std::shared_ptr<const Data> kUtc = [] {
    auto d = std::make_shared<Data>();
    d->name = "UTC";
    return d;
  }();
  data_ = kUtc;
}

const std::string& TimeZone::name() const { return data_->name; }

int32_t TimeZone::OffsetAt(int64_t utc) const {
  const auto& t = data_->transitions;
  auto it = std::upper_bound(t.begin(), t.end(), utc);
  if (it == t.begin()) return data_->initial_offset;
  return data_->offsets[static_cast<size_t>(it - t.begin()) - 1];
}

int64_t TimeZone::NextTransitionAfter(int64_t utc) const {
  const auto& t = data_->transitions;
  auto it = std::upper_bound(t.begin(), t.end(), utc);
  return it == t.end() ? std::numeric_limits<int64_t>::max() : *it;
}

Result<TimeZone> TimeZone::Load(std::string_view name, std::string_view zoneinfo_dir) {
  if (name.empty() || name.size() > 128 || name.front() == '/' ||
      name.find("..") != std::string_view::npos) {
    return InvalidArgument("not a time zone name: '" + std::string(name.substr(0, 64)) + "'",
                           "time_zone");
  }
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) {
      return InvalidArgument("not a time zone name: '" + std::string(name) + "'", "time_zone");
    }
  }
  if (name == "UTC" || name == "Etc/UTC") return TimeZone();
  std::string path = std::string(zoneinfo_dir) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("unknown time zone '" + std::string(name) + "'");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return FromTzif(name, bytes);
}

Result<TimeZone> TimeZone::FromTzif(std::string_view name, std::string_view bytes) {
  auto bad = [&] {
    return InvalidArgument("time zone file for '" + std::string(name) + "' is not valid TZif",
                           "time_zone");
  };
  Reader r(bytes);
  Header h;
  if (!ReadHeader(r, &h)) return bad();
  size_t time_size = 4;
  if (h.version >= '2') {  // skip the v1 block, use the 64-bit one
    if (!r.Has(BlockSize(h, 4))) return bad();
    r.Skip(BlockSize(h, 4));
    if (!ReadHeader(r, &h)) return bad();
    time_size = 8;
  }
  if (!r.Has(BlockSize(h, time_size))) return bad();
  auto data = std::make_shared<Data>();
  data->name = std::string(name);
  std::vector<int64_t> times(h.timecnt);
  for (auto& t : times) t = time_size == 8 ? r.I64() : static_cast<int32_t>(r.U32());
  std::vector<uint8_t> idx(h.timecnt);
  for (auto& i : idx) {
    i = r.U8();
    if (i >= h.typecnt) return bad();
  }
  std::vector<int32_t> type_offset(h.typecnt);
  for (auto& o : type_offset) {
    o = static_cast<int32_t>(r.U32());
    r.Skip(2);  // isdst, desigidx
  }
  r.Skip(h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt);
  data->initial_offset = type_offset[0];
  for (size_t i = 0; i < times.size(); ++i) {
    if (!data->transitions.empty() && times[i] <= data->transitions.back()) continue;
    data->transitions.push_back(times[i]);
    data->offsets.push_back(type_offset[idx[i]]);
  }

  // Footer: "\n<POSIX TZ>\n" (version 2+).
  std::string_view rest = r.Rest();
  if (time_size == 8 && rest.size() >= 2 && rest.front() == '\n') {
    size_t end = rest.find('\n', 1);
    std::string_view footer = rest.substr(1, end == std::string_view::npos ? 0 : end - 1);
    PosixTz tz;
    if (!footer.empty() && PosixParser(footer).Parse(&tz)) {
      if (!tz.has_dst) {
        if (data->transitions.empty()) {
          data->initial_offset = tz.std_offset;
        } else if (data->offsets.back() != tz.std_offset) {
          // The rule starts after the last transition; nothing to extend.
        }
      } else {
        int64_t from_year = 1970;
        if (!data->transitions.empty()) {
          int64_t y;
          unsigned m, d;
          CivilFromDays(data->transitions.back() / 86400, &y, &m, &d);
          from_year = y;
        }
        for (int64_t y = from_year; y <= kLastRuleYear; ++y) {
          // DST starts at local standard time, ends at local daylight time.
          int64_t start = RuleDay(tz.start, y) * 86400 + tz.start.time - tz.std_offset;
          int64_t end_t = RuleDay(tz.end, y) * 86400 + tz.end.time - tz.dst_offset;
          std::pair<int64_t, int32_t> ev[2] = {{start, tz.dst_offset}, {end_t, tz.std_offset}};
          if (end_t < start) std::swap(ev[0], ev[1]);
          for (auto& [t, off] : ev) {
            if (!data->transitions.empty() && t <= data->transitions.back()) continue;
            data->transitions.push_back(t);
            data->offsets.push_back(off);
          }
        }
      }
    }
  }
  return TimeZone(std::move(data));
}

}  // namespace beleving
