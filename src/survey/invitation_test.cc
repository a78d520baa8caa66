#include "survey/invitation.h"

#include <gtest/gtest.h>
#include <png.h>

#include <set>

#include "survey/qr.h"

namespace beleving::survey {
namespace {

store::CustomerContact Reachable() {
  store::CustomerContact c;
  c.id = 1;
  c.key = "c1";
  c.email = "c1@example.com";
  c.consent = true;
  return c;
}

TEST(FatigueTest, InvitesAReachableCustomer) {
  store::AskSettings s;
  EXPECT_EQ(Decide(s, Reachable(), false, 0, 1, 1), Verdict::kInvite);
}

TEST(FatigueTest, NeverWithoutConsentOrAfterOptOut) {
  store::AskSettings s;
  auto c = Reachable();
  c.consent = false;
  EXPECT_EQ(Decide(s, c, false, 0, 1, 1), Verdict::kNoConsent);
  c = Reachable();
  c.opted_out = true;
  EXPECT_EQ(Decide(s, c, false, 0, 1, 1), Verdict::kOptedOut);
  c = Reachable();
  c.erased = true;
  EXPECT_EQ(Decide(s, c, false, 0, 1, 1), Verdict::kNoCustomer);
  EXPECT_EQ(Decide(s, std::nullopt, false, 0, 1, 1), Verdict::kNoCustomer);
  c = Reachable();
  c.email.reset();
  EXPECT_EQ(Decide(s, c, false, 0, 1, 1), Verdict::kNoEmail);
}

TEST(FatigueTest, OncePerWindowAndDailyCap) {
  store::AskSettings s;
  s.daily_cap = 3;
  EXPECT_EQ(Decide(s, Reachable(), true, 0, 1, 1), Verdict::kRecentlyInvited);
  EXPECT_EQ(Decide(s, Reachable(), false, 2, 1, 1), Verdict::kInvite);
  EXPECT_EQ(Decide(s, Reachable(), false, 3, 1, 1), Verdict::kDailyCap);
}

TEST(FatigueTest, SamplingIsDeterministicAndNearTheShare) {
  int in = 0;
  for (int64_t i = 1; i <= 10000; ++i) {
    bool a = Sampled(5, i, 20);
    EXPECT_EQ(a, Sampled(5, i, 20));
    in += a ? 1 : 0;
  }
  EXPECT_GT(in, 1800);
  EXPECT_LT(in, 2200);
  EXPECT_TRUE(Sampled(5, 1, 100));
  EXPECT_FALSE(Sampled(5, 1, 0));
  store::AskSettings s;
  s.sample_percent = 0;
  EXPECT_EQ(Decide(s, Reachable(), false, 0, 1, 1), Verdict::kNotSampled);
}

TEST(TokenTest, LongRandomAndHashed) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string t = NewToken();
    EXPECT_EQ(t.size(), 43u);  // 32 bytes = 256 bits, base64url
    EXPECT_TRUE(LooksLikeToken(t));
    EXPECT_TRUE(seen.insert(t).second);
  }
  std::string t = NewToken();
  EXPECT_EQ(TokenHash(t), TokenHash(t));
  EXPECT_NE(TokenHash(t), t);
  EXPECT_EQ(TokenHash(t).size(), 64u);
  EXPECT_FALSE(LooksLikeToken("short"));
  EXPECT_FALSE(LooksLikeToken(std::string(43, '/')));
}

TEST(QrTest, SvgAndPng) {
  auto m = EncodeQr("https://beleving.example/q/abcdefghijkl");
  ASSERT_TRUE(m.ok());
  EXPECT_GE(m->size, 21);
  // Finder pattern: the top-left corner module is dark.
  EXPECT_TRUE(m->at(0, 0));
  std::string svg = QrSvg(*m);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  std::string png = QrPng(*m, 4);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
}

// The PNG decodes (libpng) to the matrix: quiet zone white, modules scaled.
TEST(QrTest, PngDecodesToTheModules) {
  auto m = EncodeQr("https://beleving.example/q/abcdefghijkl");
  ASSERT_TRUE(m.ok());
  const int scale = 3, px = (m->size + 8) * scale;
  std::string png = QrPng(*m, scale);
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  ASSERT_TRUE(png_image_begin_read_from_memory(&image, png.data(), png.size()));
  image.format = PNG_FORMAT_GRAY;
  EXPECT_EQ(image.width, static_cast<png_uint_32>(px));
  EXPECT_EQ(image.height, static_cast<png_uint_32>(px));
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  ASSERT_TRUE(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr));
  auto at = [&](int x, int y) { return pixels[static_cast<size_t>(y * px + x)]; };
  EXPECT_EQ(at(0, 0), 0xFF);  // quiet zone
  for (int y = 0; y < m->size; ++y) {
    for (int x = 0; x < m->size; ++x) {
      ASSERT_EQ(at((x + 4) * scale + 1, (y + 4) * scale + 1), m->at(x, y) ? 0x00 : 0xFF)
          << x << "," << y;
    }
  }
  // Compressed: far smaller than the raw pixels.
  EXPECT_LT(png.size(), pixels.size() / 4);
}

}  // namespace
}  // namespace beleving::survey
