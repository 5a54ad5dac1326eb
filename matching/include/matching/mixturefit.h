#pragma once
// Mixture analysis: which combination of candidate reference spectra explains a query.
// Greedy forward selection over non-negative least squares fits: add the candidate that
// lowers the residual most, refit, and stop when the residual reaches the noise level or
// the next candidate's gain is negligible. Then every "always screen" candidate (the
// high-risk classes) not yet chosen is tried on top of the fit; one whose non-negative
// weight lowers the residual at all is reported as possible, never dropped.
//
// Works on processed spectra (mean-centred, unit norm, optionally first derivative):
// each step of the pipeline but the baseline clip is linear, so a linear mixture of
// absorbance spectra stays close to a linear mixture after it. Low-order Legendre
// polynomials enter the fit with either sign to soak up what the baseline left, and each
// chosen (not high-risk) component brings its own shift and slope terms (see below).

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace candor::matching {

struct MixtureParameters {
    std::size_t maxComponents = 6; // services report up to 5-6 components in practice
    double noiseFactor = 1.5;      // stop once RSS/points <= (noiseFactor * noise)^2
    double minGain = 2e-3;         // ... or the best addition explains < this share of ||b||^2
    int baselineTerms = 3;         // Legendre P0..P(n-1) as +/- nuisance columns
    // Each chosen component that is not always-screened also enters with its first
    // derivative (a band shift of a cm-1 or two: a(v - s) ~ a(v) - s a'(v)) and with itself
    // times a slope (relative intensities that drift across the range: ATR depth, another
    // polymorph), both with either sign. Without them, what a second measurement of the main
    // component does not reproduce swamps a minor component.
    bool componentShiftTerms = true;
    bool componentSlopeTerms = true;
    // Whether always-screened (high-risk) components chosen by the forward selection get
    // those terms too. Screening on top of the fit always adds them plain.
    bool highRiskComponentTerms = true;
    // A published library holds hundreds of high-risk spectra. Only this many of them (those
    // that most want to enter a first fit of the other candidates) join the forward
    // selection with their own terms; the rest are still screened, plain, on top of the fit.
    std::size_t maxSelectableScreened = 12;
    bool operator==(const MixtureParameters &) const = default;
};

struct FittedComponent {
    std::size_t candidate = 0; // index into the candidate list given to fit()
    double weight = 0;         // NNLS coefficient on the unit-norm candidate
    double fraction = 0;       // share of the fitted signal: weight / sum of weights
    // Residual sum of squares the component removes (compared with leaving it out, or for an
    // always-screened one with its best always-screened substitute), over the larger of the
    // expected noise energy and the final residual. Large = sure; near 0 = not needed, or
    // another candidate of a high-risk class would do as well.
    double evidence = 0;
    bool selected = false; // chosen by the forward selection; false: screened "possible"
    // Selected: the residual sum of squares of the fit without it (for an always-screened
    // one, the lowest with any unused always-screened candidate in its place), whose excess
    // over MixtureFitResult::finalRss its evidence measures.
    double rssWithout = 0;
    // For the band test: the query minus the fit without this component (what the others
    // leave for it to explain), and the component's own share of the fit (its weight times
    // its spectrum; its shift and slope terms are left out, they are not bands of it).
    std::vector<double> residualWithout;
    std::vector<double> contribution;
};

struct MixtureFitResult {
    std::vector<FittedComponent> components; // selected first (by weight), then possible
    double residual = 1;                     // ||query - fit|| / ||query|| of the selected fit (0 perfect, 1 nothing)
    double explained = 0;                    // 1 - residual^2
    double noise = 0;                        // the noise level used (per point)
    std::vector<double> fitted;              // the selected fit, same points as the query
    std::vector<double> residualCurve;       // query - fitted
    // Which always-screened candidates could join the forward selection: when there were
    // more than maxSelectableScreened, those whose gradient on `selectionResidual` (the
    // residual of the first plain fit of the other candidates) reached `selectableFloor`.
    // Empty: all of them were selectable. For a re-screen that must tell whether a
    // reference added later would have been selectable (services/rescreen.cpp).
    std::vector<double> selectionResidual;
    double selectableFloor = 0;
    // For a re-screen that screens a reference added later on top of this fit
    // (MixtureFit::screenOnTop): the selected candidates in the order the forward selection
    // took them (its solve is over them in this order), the residual sum of squares of the
    // selected fit, and the two lowest of the always-screened candidates entered plain on top
    // of it (+inf: fewer such candidates).
    std::vector<std::size_t> chosenOrder;
    double finalRss = 0;
    double screenedRssLowest = INFINITY;
    double screenedRssSecond = INFINITY;
};

// One more always-screened candidate entered plain on top of a finished fit, as fit() would
// screen it had it been among the candidates without being selectable
// (MixtureFit::screenOnTop).
struct ScreenedOnTop {
    double finalRss = 0;                 // of the selected fit (recomputed: compare with the stored one)
    double rss = 0;                      // with the candidate entered plain on top of it
    double weight = 0;                   // the candidate's weight there
    bool gains = false;                  // fit() would list it as a screened component (weight and gain > 0)
    std::vector<double> residualWithout; // what the selected fit leaves (its band test runs on it)
    std::vector<double> contribution;    // weight times the candidate
    // Per selected candidate (in the order given): for an always-screened one, the residual
    // sum of squares with the candidate in its place (its substitute); NaN for the others.
    std::vector<double> substituteRss;
};

class MixtureFit {
public:
    explicit MixtureFit(MixtureParameters parameters = {});

    // `query` and every candidate: the same number of points. `alwaysScreen[i]` marks
    // candidates of high-risk classes. `noise`: per-point noise standard deviation of the
    // query (ProcessedSpectrum::noise); 0 lets the fit run to maxComponents or minGain.
    MixtureFitResult fit(std::span<const double> query, const std::vector<std::vector<double>> &candidates,
                         const std::vector<bool> &alwaysScreen, double noise) const;

    // `chosen`: the selected candidates of a fit in MixtureFitResult::chosenOrder, each with
    // its always-screen flag; `candidate`: an always-screened one that could not have been
    // selected. Computes, with the same columns, subsets and solves as fit(), what it would
    // have given the candidate and the selected always-screened components' substitute test.
    ScreenedOnTop screenOnTop(std::span<const double> query, const std::vector<std::vector<double>> &chosen,
                              const std::vector<bool> &chosenAlwaysScreen, const std::vector<double> &candidate) const;

    const MixtureParameters &parameters() const noexcept { return m_parameters; }

private:
    MixtureParameters m_parameters;
};

} // namespace candor::matching
