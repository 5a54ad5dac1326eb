#pragma once
// NIST MS Search's "Identity" match factor (MF) and reverse match factor (RMF), as
// reconstructed exactly by Samokhin (J. Am. Soc. Mass Spectrom. 2024, 35:3178; MIT code
// in AndreySamokhin/mssearchr), from ../shared/docs/gcms-notes.md. Over the union of the
// two spectra's peaks (NominalSpectrum, base peak 999):
//   w = √(m·I). Shared peaks add w_u·w_l to S_ul, w_u² to S_uu, w_l² to S_ll;
//   unknown-only peaks with I > 1 add w_u² to S_uu; library-only peaks add w_l² to S_ll.
//   n1 = shared peaks; F1 = S_ul² / (S_uu·S_ll).
//   Each two shared peaks next to each other in the union (no unshared peak between
//   them) form a pair i−1, i with R = (√I_u,i·√I_l,i−1) / (√I_u,i−1·√I_l,i);
//   F2 = Σ m_i·min(R, 1/R) / Σ m_i over those n2 pairs.
//   MF = 1000·(n1·F1 + n2·F2) / (n1 + n2), rounded to an integer, at most 999.
// The reverse factor scores the library spectrum against only what the unknown shows
// at the library's masses: unknown-only peaks are left out, of S_uu and of the union
// (so they do not break a pair either). An unknown-only peak of intensity 1 is left out
// of the forward search in the same way (noise at the limit of the 999 scale).

#include "gcms/nominal.h"

namespace candor::gcms {

struct MatchScores {
    int matchFactor = 0;        // 0..999
    int reverseMatchFactor = 0; // 0..999
    // The unrounded values, for ranking ties and for tests.
    double matchFactorExact = 0;
    double reverseMatchFactorExact = 0;
};

MatchScores identityScores(const NominalSpectrum &unknown, const NominalSpectrum &library);

} // namespace candor::gcms
