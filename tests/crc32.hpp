#pragma once
// The state blob's checksum (CRC-32, IEEE 802.3), written here independently of the library's own,
// for the tests and fuzz targets that patch a blob's fields and seal it again.
#include <cstddef>
#include <cstdint>

namespace rapport_test {
inline std::uint32_t crc32(const unsigned char* p, std::size_t n) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}
}  // namespace rapport_test
