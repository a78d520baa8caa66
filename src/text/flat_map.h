// FlatStringMap: an open-addressing hash map from short strings to int32
// values, for the analysis hot path (word -> stem id, stem -> term ids).
// Keys are copied into one arena; lookups take a string_view and do not
// allocate. Not thread-safe for writes; concurrent const lookups are fine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace beleving::text {

inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull ^ s.size();
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  h ^= h >> 29;
  return h | 1;  // 0 marks an empty slot
}

class FlatStringMap {
 public:
  explicit FlatStringMap(size_t expected = 16) { Rehash(Capacity(expected)); }

  // The value stored for `key`, or nullptr.
  const int32_t* Find(std::string_view key) const {
    const uint64_t h = HashBytes(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return nullptr;
      if (s.hash == h && s.len == key.size() &&
          std::string_view(keys_.data() + s.off, s.len) == key) {
        return &s.value;
      }
    }
  }

  // Inserts (key, value) unless present; returns the stored value's slot.
  int32_t& Insert(std::string_view key, int32_t value, bool* inserted = nullptr) {
    if ((size_ + 1) * 4 > slots_.size() * 3) Rehash(slots_.size() * 2);
    const uint64_t h = HashBytes(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.hash == 0) {
        s.hash = h;
        s.off = static_cast<uint32_t>(keys_.size());
        s.len = static_cast<uint32_t>(key.size());
        s.value = value;
        keys_.append(key);
        ++size_;
        if (inserted) *inserted = true;
        return s.value;
      }
      if (s.hash == h && s.len == key.size() &&
          std::string_view(keys_.data() + s.off, s.len) == key) {
        if (inserted) *inserted = false;
        return s.value;
      }
    }
  }

  size_t size() const { return size_; }
  void Clear() {
    keys_.clear();
    size_ = 0;
    for (Slot& s : slots_) s.hash = 0;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t off = 0;
    uint32_t len = 0;
    int32_t value = 0;
  };
  static size_t Capacity(size_t expected) {
    size_t c = 16;
    while (c * 3 < expected * 4 + 4) c *= 2;
    return c;
  }
  void Rehash(size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    for (const Slot& s : old) {
      if (s.hash == 0) continue;
      for (size_t i = s.hash & mask_;; i = (i + 1) & mask_) {
        if (slots_[i].hash == 0) {
          slots_[i] = s;
          break;
        }
      }
    }
  }

  std::vector<Slot> slots_;
  std::string keys_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace beleving::text
