#error "a rapport header included Eigen or Boost: consumers of rapport::core and rapport::rapport must not need them"
