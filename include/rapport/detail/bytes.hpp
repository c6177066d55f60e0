#pragma once
// Little-endian fields and the CRC-32 of the versioned blobs (`contact_state`, `online_calibrator`):
// the same bytes on every platform.

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace rapport {
inline namespace v1 {
namespace detail {

inline std::uint64_t bits_of(double d) noexcept {
  std::uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}
inline double from_bits(std::uint64_t u) noexcept {
  double d;
  std::memcpy(&d, &u, 8);
  return d;
}
inline void put32(unsigned char* p, std::uint32_t v) noexcept {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
inline void put64(unsigned char* p, std::uint64_t v) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
inline std::uint32_t get32(const unsigned char* p) noexcept {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(p[i]) << (8 * i);
  return v;
}
inline std::uint64_t get64(const unsigned char* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}
inline std::uint32_t crc32(const unsigned char* p, std::size_t n) noexcept {  // IEEE 802.3, bitwise: blobs are tiny
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

}  // namespace detail
}  // namespace v1
}  // namespace rapport
