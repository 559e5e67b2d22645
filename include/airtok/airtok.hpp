// airtok/airtok.hpp — the whole C++ API in one include.
//
//   #include <airtok/airtok.hpp>
//
//   const airtok::Encoding& enc = airtok::get_encoding("cl100k_base");
//   std::vector<airtok::Rank> ids = enc.encode_ordinary("hello world");  // {15339, 1917}
//
// What each header holds (each can also be included on its own):
//   encoding.hpp      Encoding, SpecialSet: encode, count, decode, batches (the tutorial)
//   registry.hpp      the built-in encodings and tiktoken's model table
//   stream.hpp        StreamEncoder: a stream of any size in bounded memory
//   load.hpp          reading `.tiktoken` and GPT-2 data-gym files
//   cache.hpp         tiktoken's cache directory, offline: find, fill, check, load from it
//   harmony.hpp       gpt-oss's harmony chat format: render and parse
//   harmony_json.hpp  harmony messages in openai-harmony's JSON form
//   thread_caches.hpp release_thread_caches(): free what the calling thread keeps
//   error.hpp         the exceptions every function above throws (all airtok::Error)
// The C API is airtok/airtok.h, a header of its own.
#pragma once

#include <airtok/cache.hpp>
#include <airtok/encoding.hpp>
#include <airtok/error.hpp>
#include <airtok/harmony.hpp>
#include <airtok/harmony_json.hpp>
#include <airtok/load.hpp>
#include <airtok/registry.hpp>
#include <airtok/stream.hpp>
#include <airtok/thread_caches.hpp>
