#include "survey/qr.h"

#include <png.h>
#include <qrencode.h>

#include <vector>

namespace beleving::survey {

Result<QrMatrix> EncodeQr(const std::string& text) {
  if (text.empty() || text.size() > 1000) return InvalidArgument("QR text must be 1-1000 bytes");
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return Internal("QR encoding failed");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size * m.size));
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  QRcode_free(code);
  return m;
}

std::string QrSvg(const QrMatrix& m) {
  const int q = 4, n = m.size + 2 * q;
  std::string path;
  for (int y = 0; y < m.size; ++y) {
    for (int x = 0; x < m.size; ++x) {
      if (m.at(x, y)) {
        path += "M" + std::to_string(x + q) + " " + std::to_string(y + q) + "h1v1h-1z";
      }
    }
  }
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(n) +
                  " " + std::to_string(n) +
                  "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";
  s += "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
  return s;
}

std::string QrPng(const QrMatrix& m, int scale) {
  if (scale < 1) scale = 1;
  if (scale > 32) scale = 32;
  const int q = 4;
  const int px = (m.size + 2 * q) * scale;
  std::vector<unsigned char> pixels(static_cast<size_t>(px) * static_cast<size_t>(px));
  for (int y = 0; y < px; ++y) {
    int my = y / scale - q;
    for (int x = 0; x < px; ++x) {
      int mx = x / scale - q;
      bool dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.at(mx, my);
      pixels[static_cast<size_t>(y) * static_cast<size_t>(px) + static_cast<size_t>(x)] =
          dark ? 0x00 : 0xFF;
    }
  }
  // libpng's simplified API: no setjmp/longjmp across C++ frames.
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(px);
  image.height = static_cast<png_uint_32>(px);
  image.format = PNG_FORMAT_GRAY;
  png_alloc_size_t size = 0;
  if (!png_image_write_get_memory_size(image, size, 0, pixels.data(), 0, nullptr)) return {};
  std::string png(size, '\0');
  if (!png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, nullptr)) {
    png_image_free(&image);
    return {};
  }
  png.resize(size);
  return png;
}

}  // namespace beleving::survey
