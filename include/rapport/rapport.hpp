#pragma once
/// The whole of rapport's C++ API. Include this, or the component headers one by one.

#include <rapport/version.h>
#include <rapport/result.hpp>
#include <rapport/time.hpp>
#include <rapport/interaction.hpp>
#include <rapport/history.hpp>
#include <rapport/model.hpp>
#include <rapport/detail/default_params.hpp>
#include <rapport/state.hpp>
#include <rapport/network.hpp>
#include <rapport/recalibrate.hpp>
#include <rapport/warmth.hpp>
#include <rapport/batch.hpp>
#include <rapport/zone.hpp>
#include <rapport/calendar.hpp>
#include <rapport/reply.hpp>
#include <rapport/recommend.hpp>
#include <rapport/recommend_batch.hpp>
#include <rapport/params_json.hpp>
#include <rapport/calibrate.hpp>
