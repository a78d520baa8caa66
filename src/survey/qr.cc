#include "survey/qr.h"

#include <qrencode.h>

#include <array>

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

uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : data) c = kTable[(c ^ ch) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint32_t Adler32(std::string_view data) {
  uint32_t a = 1, b = 0;
  for (unsigned char ch : data) {
    a = (a + ch) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

namespace {

void Put32(std::string& s, uint32_t v) {
  s += static_cast<char>((v >> 24) & 0xFF);
  s += static_cast<char>((v >> 16) & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
  s += static_cast<char>(v & 0xFF);
}

void Chunk(std::string& png, const char* type, std::string_view data) {
  Put32(png, static_cast<uint32_t>(data.size()));
  std::string body(type, 4);
  body.append(data);
  png += body;
  Put32(png, Crc32(body));
}

}  // namespace

std::string ZlibStored(std::string_view data) {
  std::string z;
  z += static_cast<char>(0x78);
  z += static_cast<char>(0x01);
  size_t pos = 0;
  do {
    size_t n = std::min<size_t>(65535, data.size() - pos);
    bool last = pos + n == data.size();
    z += static_cast<char>(last ? 1 : 0);
    z += static_cast<char>(n & 0xFF);
    z += static_cast<char>((n >> 8) & 0xFF);
    z += static_cast<char>(~n & 0xFF);
    z += static_cast<char>((~n >> 8) & 0xFF);
    z.append(data.substr(pos, n));
    pos += n;
  } while (pos < data.size());
  Put32(z, Adler32(data));
  return z;
}

std::string QrPng(const QrMatrix& m, int scale) {
  if (scale < 1) scale = 1;
  if (scale > 32) scale = 32;
  const int q = 4;
  const int px = (m.size + 2 * q) * scale;
  std::string raw;
  raw.reserve(static_cast<size_t>(px) * static_cast<size_t>(px + 1));
  for (int y = 0; y < px; ++y) {
    raw += '\0';  // filter type none
    int my = y / scale - q;
    for (int x = 0; x < px; ++x) {
      int mx = x / scale - q;
      bool dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.at(mx, my);
      raw += static_cast<char>(dark ? 0x00 : 0xFF);
    }
  }
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  Put32(ihdr, static_cast<uint32_t>(px));
  Put32(ihdr, static_cast<uint32_t>(px));
  ihdr += static_cast<char>(8);  // bit depth
  ihdr += static_cast<char>(0);  // greyscale
  ihdr += static_cast<char>(0);  // deflate
  ihdr += static_cast<char>(0);  // adaptive filtering
  ihdr += static_cast<char>(0);  // no interlace
  Chunk(png, "IHDR", ihdr);
  Chunk(png, "IDAT", ZlibStored(raw));
  Chunk(png, "IEND", "");
  return png;
}

}  // namespace beleving::survey
