#include "survey/page_cache.h"

#include <gtest/gtest.h>

namespace beleving::survey {
namespace {

TEST(PageCacheTest, ServesAPageUntilItsTimeToLiveEnds) {
  PageCache cache(16, 5);
  std::string key = PageCache::Key("tok", "nl");
  cache.Put(key, "<p>vraag</p>", 1'000, 100);
  EXPECT_EQ(cache.Find(key, 100), "<p>vraag</p>");
  EXPECT_EQ(cache.Find(key, 104), "<p>vraag</p>");
  EXPECT_FALSE(cache.Find(key, 105));
}

TEST(PageCacheTest, NeverServesAPageOfAnExpiredLink) {
  PageCache cache(16, 60);
  std::string key = PageCache::Key("tok", "");
  cache.Put(key, "page", 110, 100);
  EXPECT_TRUE(cache.Find(key, 109));
  EXPECT_FALSE(cache.Find(key, 110));
}

TEST(PageCacheTest, LanguagesAreSeparateAndForgetTokenDropsThemAll) {
  PageCache cache(16, 60);
  cache.Put(PageCache::Key("tok", "nl"), "nl", 1'000, 0);
  cache.Put(PageCache::Key("tok", "en-GB,en"), "en", 1'000, 0);
  cache.Put(PageCache::Key("tok2", "nl"), "other link", 1'000, 0);
  cache.Put(PageCache::Key("to", "nl"), "shorter token", 1'000, 0);
  EXPECT_EQ(cache.Find(PageCache::Key("tok", "en-GB,en"), 1), "en");
  cache.ForgetToken("tok");
  EXPECT_FALSE(cache.Find(PageCache::Key("tok", "nl"), 1));
  EXPECT_FALSE(cache.Find(PageCache::Key("tok", "en-GB,en"), 1));
  EXPECT_EQ(cache.Find(PageCache::Key("tok2", "nl"), 1), "other link");
  EXPECT_EQ(cache.Find(PageCache::Key("to", "nl"), 1), "shorter token");
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PageCacheTest, StaysWithinItsSize) {
  PageCache cache(3, 60);
  for (int i = 0; i < 10; ++i) {
    cache.Put(PageCache::Key("tok" + std::to_string(i), ""), "p", 1'000, 0);
    EXPECT_LE(cache.size(), 3u);
  }
  EXPECT_TRUE(cache.Find(PageCache::Key("tok9", ""), 1));
}

TEST(PageCacheTest, ATimeToLiveOfZeroKeepsNothing) {
  PageCache cache(16, 60);
  cache.set_ttl(0);
  cache.Put(PageCache::Key("tok", ""), "page", 1'000, 0);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PageCacheTest, KeyTruncatesALongAcceptLanguage) {
  std::string huge(10'000, 'x');
  EXPECT_LT(PageCache::Key("tok", huge).size(), 100u);
}

}  // namespace
}  // namespace beleving::survey
