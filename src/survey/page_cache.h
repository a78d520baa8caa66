// A small in-memory cache of rendered first survey pages.
//
// Most requests for a survey link are the first view: nobody has answered
// yet, so the page is the same for every view in one language. Rendering it
// costs a read transaction (invitation, survey, organisation), two JSON
// parses and the HTML; the cache keeps the finished page for a few seconds.
//
// What may be cached is decided by the caller: only pages without personal
// data (no draft answers) and not yet answered. An entry is used only
//   - until its `fresh_until` (a short time to live, so changes made by
//     another process, e.g. a CLI edit of the survey, show up within it),
//   - while the invitation link itself has not expired,
// and is dropped at once when the invitation is written to (ForgetToken) or
// a survey or organisation changes (Clear). Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace beleving::survey {

class PageCache {
 public:
  static constexpr size_t kDefaultMaxEntries = 4096;
  static constexpr UnixSeconds kDefaultTtlSeconds = 5;

  explicit PageCache(size_t max_entries = kDefaultMaxEntries,
                     UnixSeconds ttl_seconds = kDefaultTtlSeconds);

  // The key for a link `token` viewed with `accept_language` (the raw
  // header, truncated: it decides the page's language).
  static std::string Key(std::string_view token, std::string_view accept_language);

  std::optional<std::string> Find(const std::string& key, UnixSeconds now) const;
  void Put(std::string key, std::string html, UnixSeconds link_expires_at, UnixSeconds now);
  // Drops every entry of one link (all languages).
  void ForgetToken(std::string_view token);
  void Clear();
  size_t size() const;
  // 0 turns the cache off (Put keeps nothing). Set before use.
  void set_ttl(UnixSeconds seconds) { ttl_ = seconds; }

 private:
  struct Entry {
    std::string html;
    UnixSeconds link_expires_at = 0;
    UnixSeconds fresh_until = 0;
  };
  const size_t max_entries_;
  UnixSeconds ttl_;
  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace beleving::survey
