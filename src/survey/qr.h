// QR codes for face-to-face moments (a card on the counter, a receipt): the
// short anonymous survey link of a touchpoint and location as SVG or PNG.
// The PNG encoder is our own minimal one (8-bit greyscale, stored deflate
// blocks, CRC-32 and Adler-32), so no image library is needed.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace beleving::survey {

// The modules of a QR code (error correction level M), row-major; true = dark.
struct QrMatrix {
  int size = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const { return dark[static_cast<size_t>(y * size + x)]; }
};
Result<QrMatrix> EncodeQr(const std::string& text);

// An SVG with a 4-module quiet zone; scales to any size.
std::string QrSvg(const QrMatrix& m);
// A PNG with a 4-module quiet zone, `scale` pixels per module (1-32).
std::string QrPng(const QrMatrix& m, int scale = 8);

// Building blocks of the PNG encoder, exposed for tests.
uint32_t Crc32(std::string_view data);
uint32_t Adler32(std::string_view data);
// A zlib stream of stored (uncompressed) deflate blocks.
std::string ZlibStored(std::string_view data);

}  // namespace beleving::survey
