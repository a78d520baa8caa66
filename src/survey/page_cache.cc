#include "survey/page_cache.h"

#include <utility>

namespace beleving::survey {

namespace {
constexpr size_t kMaxAcceptLanguageBytes = 64;
}

PageCache::PageCache(size_t max_entries, UnixSeconds ttl_seconds)
    : max_entries_(max_entries), ttl_(ttl_seconds) {}

std::string PageCache::Key(std::string_view token, std::string_view accept_language) {
  std::string key(token);
  key += '\n';
  key += accept_language.substr(0, kMaxAcceptLanguageBytes);
  return key;
}

std::optional<std::string> PageCache::Find(const std::string& key, UnixSeconds now) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (now >= it->second.fresh_until || now >= it->second.link_expires_at) return std::nullopt;
  return it->second.html;
}

void PageCache::Put(std::string key, std::string html, UnixSeconds link_expires_at,
                    UnixSeconds now) {
  if (ttl_ <= 0) return;
  std::lock_guard lock(mu_);
  // Full: start again rather than track recency. The cache refills from the
  // links in use within one time to live.
  if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.clear();
  entries_[std::move(key)] = Entry{std::move(html), link_expires_at, now + ttl_};
}

void PageCache::ForgetToken(std::string_view token) {
  std::string prefix(token);
  prefix += '\n';
  std::lock_guard lock(mu_);
  auto it = entries_.lower_bound(prefix);
  while (it != entries_.end() && it->first.starts_with(prefix)) it = entries_.erase(it);
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

size_t PageCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace beleving::survey
