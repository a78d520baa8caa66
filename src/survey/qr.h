// QR codes for face-to-face moments (a card on the counter, a receipt): the
// short anonymous survey link of a touchpoint and location as SVG or PNG.
// The PNG is 8-bit greyscale, written by libpng (Debian's libpng-dev).
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
// A PNG with a 4-module quiet zone, `scale` pixels per module (1-32); empty
// only if libpng fails (out of memory).
std::string QrPng(const QrMatrix& m, int scale = 8);

}  // namespace beleving::survey
