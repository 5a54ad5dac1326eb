#include "matching/mixturefit.h"

#include "matching/nnls.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace candor::matching {

namespace {

// Normal equations of the columns (candidates, their shift and slope terms, the baseline).
// A subset's system is picked out of them, so each trial fit costs O(k^3) with k the
// subset size. The Gram entries are computed when a solve first asks for them: with a
// hundred always-screened candidates, each tried only on top of the fit, most pairs of
// columns never meet in one subset (the full matrix was most of a match's time). Each
// entry is the same inner product, in the same order, as computing them all.
struct Problem {
    std::size_t columns = 0;
    std::size_t points = 0;
    const std::vector<const std::vector<double> *> *cols = nullptr;
    mutable std::vector<double> gram;
    mutable std::vector<char> known;
    std::vector<double> atb;
    double btb = 0;

    void prepare(const std::vector<const std::vector<double> *> &columnList, std::span<const double> query)
    {
        cols = &columnList;
        columns = columnList.size();
        points = query.size();
        gram.assign(columns * columns, 0.0);
        known.assign(columns * columns, 0);
        atb.resize(columns);
        for (std::size_t i = 0; i < columns; ++i)
            atb[i] = std::inner_product(columnList[i]->begin(), columnList[i]->end(), query.begin(), 0.0);
        btb = std::inner_product(query.begin(), query.end(), query.begin(), 0.0);
    }

    double entry(std::size_t a, std::size_t b) const
    {
        const std::size_t i = std::max(a, b), j = std::min(a, b);
        if (!known[i * columns + j]) {
            // (i, j) with j <= i, as the full matrix was filled: the same bits either way.
            const double v = std::inner_product((*cols)[i]->begin(), (*cols)[i]->end(), (*cols)[j]->begin(), 0.0);
            gram[i * columns + j] = gram[j * columns + i] = v;
            known[i * columns + j] = known[j * columns + i] = 1;
        }
        return gram[i * columns + j];
    }

    NnlsResult solve(const std::vector<std::size_t> &subset) const
    {
        const std::size_t k = subset.size();
        std::vector<double> g(k * k), v(k);
        for (std::size_t i = 0; i < k; ++i) {
            v[i] = atb[subset[i]];
            for (std::size_t j = 0; j < k; ++j)
                g[i * k + j] = entry(subset[i], subset[j]);
        }
        return nnlsGram(g, v, btb, k);
    }
};

double rssOf(const NnlsResult &r)
{
    return r.residualNorm * r.residualNorm;
}

// +P_k and -P_k (Legendre, unit norm) for each baseline term: the nuisance columns.
std::vector<std::vector<double>> nuisanceColumns(std::size_t m, int terms)
{
    std::vector<std::vector<double>> nuisance;
    for (int k = 0; k < terms; ++k) {
        std::vector<double> p(m);
        for (std::size_t i = 0; i < m; ++i) {
            const double t = m > 1 ? -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(m - 1) : 0.0;
            // Legendre P_k by recurrence.
            double p0 = 1, p1 = t;
            double v = k == 0 ? 1.0 : t;
            for (int j = 2; j <= k; ++j) {
                v = ((2.0 * j - 1) * t * p1 - (j - 1.0) * p0) / j;
                p0 = p1;
                p1 = v;
            }
            p[i] = v;
        }
        const double norm = std::sqrt(std::inner_product(p.begin(), p.end(), p.begin(), 0.0));
        for (double &v : p)
            v /= norm;
        nuisance.push_back(p);
        for (double &v : p)
            v = -v;
        nuisance.push_back(std::move(p));
    }
    return nuisance;
}

// A chosen component's own columns (see MixtureParameters): its first and second
// differences (shift, broadening) and itself times a slope, unit norm, each as a +/- pair.
std::vector<std::vector<double>> termColumns(const std::vector<double> &a, const MixtureParameters &parameters)
{
    std::vector<std::vector<double>> out;
    const std::size_t m = a.size();
    if (m < 3)
        return out;
    auto add = [&](std::vector<double> v) {
        const double norm = std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
        if (!(norm > 0))
            return;
        for (double &x : v)
            x /= norm;
        out.push_back(v);
        for (double &x : v)
            x = -x;
        out.push_back(std::move(v));
    };
    if (parameters.componentShiftTerms) {
        std::vector<double> d(m);
        d[0] = a[1] - a[0];
        d[m - 1] = a[m - 1] - a[m - 2];
        for (std::size_t i = 1; i + 1 < m; ++i)
            d[i] = 0.5 * (a[i + 1] - a[i - 1]);
        std::vector<double> d2(m, 0.0);
        for (std::size_t i = 1; i + 1 < m; ++i)
            d2[i] = a[i + 1] - 2 * a[i] + a[i - 1];
        add(std::move(d));
        add(std::move(d2)); // second order of the shift, and band broadening
    }
    if (parameters.componentSlopeTerms) {
        std::vector<double> sl(m);
        for (std::size_t i = 0; i < m; ++i)
            sl[i] = a[i] * (-1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(m - 1));
        add(std::move(sl));
    }
    return out;
}

} // namespace

MixtureFit::MixtureFit(MixtureParameters parameters)
    : m_parameters(parameters)
{
}

MixtureFitResult MixtureFit::fit(std::span<const double> query, const std::vector<std::vector<double>> &candidates,
                                 const std::vector<bool> &alwaysScreen, double noise) const
{
    const std::size_t m = query.size();
    const std::size_t nc = candidates.size();
    if (alwaysScreen.size() != nc)
        throw std::invalid_argument("MixtureFit: alwaysScreen must have one flag per candidate");
    for (const auto &c : candidates)
        if (c.size() != m)
            throw std::invalid_argument("MixtureFit: a candidate has a different number of points");

    // Columns: candidates, then their own terms, then +P_k and -P_k for each baseline term.
    const std::vector<std::vector<double>> nuisance = nuisanceColumns(m, m_parameters.baselineTerms);
    std::vector<const std::vector<double> *> cols;
    cols.reserve(nc);
    for (const auto &c : candidates)
        cols.push_back(&c);
    // Which always-screened candidates may be selected (and so need their own terms): all of
    // them when they are few, else those whose gradient on the residual of a first plain fit
    // of the other candidates is largest (how much they want in).
    std::vector<bool> selectable(nc, true);
    std::vector<double> selectionResidual;
    double selectableFloor = 0;
    {
        std::vector<std::size_t> screenIdx, otherIdx;
        for (std::size_t c = 0; c < nc; ++c)
            (alwaysScreen[c] ? screenIdx : otherIdx).push_back(c);
        if (screenIdx.size() > m_parameters.maxSelectableScreened) {
            std::vector<double> a0;
            for (std::size_t c : otherIdx)
                a0.insert(a0.end(), candidates[c].begin(), candidates[c].end());
            for (const auto &p : nuisance)
                a0.insert(a0.end(), p.begin(), p.end());
            const std::size_t k0 = otherIdx.size() + nuisance.size();
            const NnlsResult first = nnls(a0, m, k0, query);
            std::vector<double> residual(query.begin(), query.end());
            for (std::size_t j = 0; j < k0; ++j)
                for (std::size_t i = 0; i < m; ++i)
                    residual[i] -= first.x[j] * a0[j * m + i];
            std::vector<std::pair<double, std::size_t>> want;
            want.reserve(screenIdx.size());
            for (std::size_t c : screenIdx)
                want.emplace_back(std::inner_product(residual.begin(), residual.end(), candidates[c].begin(), 0.0), c);
            std::sort(want.begin(), want.end(), [](const auto &x, const auto &y) { return x.first > y.first; });
            for (std::size_t i = m_parameters.maxSelectableScreened; i < want.size(); ++i)
                selectable[want[i].second] = false;
            selectableFloor = m_parameters.maxSelectableScreened > 0 ? want[m_parameters.maxSelectableScreened - 1].first
                                                                     : INFINITY;
            selectionResidual = std::move(residual);
        }
    }
    // Per-candidate shift and slope columns, each as a +/- pair.
    std::vector<std::vector<double>> aux;
    std::vector<std::vector<std::size_t>> auxOf(nc);
    for (std::size_t c = 0; c < nc; ++c) {
        if (!selectable[c] || (alwaysScreen[c] && !m_parameters.highRiskComponentTerms))
            continue;
        for (std::vector<double> &v : termColumns(candidates[c], m_parameters)) {
            aux.push_back(std::move(v));
            auxOf[c].push_back(aux.size() - 1);
        }
    }
    const std::size_t auxStart = cols.size();
    for (const auto &v : aux)
        cols.push_back(&v);
    for (auto &list : auxOf)
        for (std::size_t &j : list)
            j += auxStart;
    const std::size_t nuisanceStart = cols.size();
    for (const auto &p : nuisance)
        cols.push_back(&p);

    Problem prob;
    prob.prepare(cols, query);

    std::vector<std::size_t> base; // nuisance columns are always in
    for (std::size_t j = nuisanceStart; j < prob.columns; ++j)
        base.push_back(j);
    // The chosen candidates first (their weights are x[0..k)), then their own shift and
    // slope columns, then the baseline.
    // `plainLast`: the last candidate enters without its own terms (the high-risk screen).
    auto withSet = [&](const std::vector<std::size_t> &chosen, bool plainLast = false) {
        std::vector<std::size_t> s = chosen;
        for (std::size_t i = 0; i < chosen.size(); ++i)
            if (!(plainLast && i + 1 == chosen.size()))
                s.insert(s.end(), auxOf[chosen[i]].begin(), auxOf[chosen[i]].end());
        s.insert(s.end(), base.begin(), base.end());
        return s;
    };

    const double noiseEnergy = static_cast<double>(m) * noise * noise;
    const double stopEnergy = static_cast<double>(m) * std::pow(m_parameters.noiseFactor * noise, 2);
    std::vector<std::size_t> chosen;
    NnlsResult current = prob.solve(withSet(chosen));
    std::vector<bool> used(nc, false);
    while (chosen.size() < m_parameters.maxComponents && rssOf(current) > stopEnergy) {
        std::size_t best = nc;
        NnlsResult bestFit;
        for (std::size_t c = 0; c < nc; ++c) {
            if (used[c] || !selectable[c])
                continue;
            std::vector<std::size_t> trial = chosen;
            trial.push_back(c);
            NnlsResult r = prob.solve(withSet(trial));
            if (best == nc || r.residualNorm < bestFit.residualNorm) {
                best = c;
                bestFit = std::move(r);
            }
        }
        if (best == nc)
            break;
        const double gain = rssOf(current) - rssOf(bestFit);
        if (gain < m_parameters.minGain * prob.btb || bestFit.x[chosen.size()] <= 0)
            break;
        chosen.push_back(best);
        used[best] = true;
        current = std::move(bestFit);
        // A component the refit set to zero no longer helps: drop it.
        std::vector<std::size_t> kept;
        for (std::size_t i = 0; i < chosen.size(); ++i)
            if (current.x[i] > 0)
                kept.push_back(chosen[i]);
        if (kept.size() != chosen.size()) {
            chosen = kept;
            current = prob.solve(withSet(chosen));
        }
    }

    // query - sum of the columns of `set` weighted by `solution`.
    auto residualOf = [&](const std::vector<std::size_t> &set, const NnlsResult &solution) {
        std::vector<double> r(query.begin(), query.end());
        for (std::size_t i = 0; i < set.size(); ++i) {
            const double w = solution.x[i];
            if (w == 0)
                continue;
            const std::vector<double> &col = *cols[set[i]];
            for (std::size_t k = 0; k < m; ++k)
                r[k] -= w * col[k];
        }
        return r;
    };
    auto scaled = [&](std::size_t c, double w) {
        std::vector<double> v(candidates[c]);
        for (double &x : v)
            x *= w;
        return v;
    };

    MixtureFitResult out;
    out.noise = noise;
    out.selectionResidual = std::move(selectionResidual);
    out.selectableFloor = selectableFloor;
    out.chosenOrder = chosen;
    const std::vector<double> finalResidual = residualOf(withSet(chosen), current);
    const double finalRss = rssOf(current);
    out.finalRss = finalRss;
    const double denom = std::max({noiseEnergy, finalRss, 1e-30 * prob.btb});
    double weightSum = 0;
    for (std::size_t i = 0; i < chosen.size(); ++i)
        weightSum += current.x[i];
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        std::vector<std::size_t> without;
        for (std::size_t j = 0; j < chosen.size(); ++j)
            if (j != i)
                without.push_back(chosen[j]);
        // A high-risk component is measured against its best high-risk substitute too, not
        // just against leaving it out: if acetylfentanyl in place of fentanyl explains nearly
        // as much, the spectrum does not say which of the two it is.
        const std::vector<std::size_t> withoutSet = withSet(without);
        const NnlsResult withoutFit = prob.solve(withoutSet);
        double rssWithout = rssOf(withoutFit);
        for (std::size_t a = 0; a < nc && alwaysScreen[chosen[i]]; ++a) {
            if (used[a] || !alwaysScreen[a])
                continue;
            std::vector<std::size_t> substitute = without;
            substitute.push_back(a);
            rssWithout = std::min(rssWithout, rssOf(prob.solve(withSet(substitute))));
        }
        FittedComponent fc;
        fc.candidate = chosen[i];
        fc.weight = current.x[i];
        fc.fraction = weightSum > 0 ? current.x[i] / weightSum : 0;
        fc.evidence = std::max(0.0, rssWithout - finalRss) / denom;
        fc.rssWithout = rssWithout;
        fc.selected = true;
        fc.residualWithout = residualOf(withoutSet, withoutFit);
        fc.contribution = scaled(chosen[i], current.x[i]);
        out.components.push_back(std::move(fc));
    }
    std::sort(out.components.begin(), out.components.end(),
              [](const FittedComponent &a, const FittedComponent &b) { return a.weight > b.weight; });

    // High-risk screen: never let one go quietly because the greedy search did not need it.
    // Each enters plain on top of the fit; its evidence is its gain over the best other
    // high-risk candidate entered the same way (or over nothing).
    std::vector<double> screenedRss(nc, finalRss);
    std::vector<NnlsResult> screened(nc);
    for (std::size_t c = 0; c < nc; ++c) {
        if (used[c] || !alwaysScreen[c])
            continue;
        std::vector<std::size_t> trial = chosen;
        trial.push_back(c);
        screened[c] = prob.solve(withSet(trial, true));
        screenedRss[c] = rssOf(screened[c]);
        // The two lowest (a screened candidate's evidence is measured against the lowest of
        // the others): ties keep both.
        if (screenedRss[c] < out.screenedRssLowest) {
            out.screenedRssSecond = out.screenedRssLowest;
            out.screenedRssLowest = screenedRss[c];
        } else if (screenedRss[c] < out.screenedRssSecond) {
            out.screenedRssSecond = screenedRss[c];
        }
    }
    for (std::size_t c = 0; c < nc; ++c) {
        if (used[c] || !alwaysScreen[c])
            continue;
        const NnlsResult &r = screened[c];
        const double w = r.x[chosen.size()];
        const double gain = finalRss - screenedRss[c];
        if (!(w > 0) || !(gain > 1e-12 * prob.btb))
            continue;
        double bestOther = finalRss;
        for (std::size_t a = 0; a < nc; ++a)
            if (a != c && !used[a] && alwaysScreen[a])
                bestOther = std::min(bestOther, screenedRss[a]);
        double sum = 0;
        for (std::size_t i = 0; i <= chosen.size(); ++i)
            sum += r.x[i];
        FittedComponent fc;
        fc.candidate = c;
        fc.weight = w;
        fc.fraction = sum > 0 ? w / sum : 0;
        fc.evidence = std::max(0.0, bestOther - screenedRss[c]) / std::max({noiseEnergy, screenedRss[c], 1e-30 * prob.btb});
        fc.selected = false;
        fc.residualWithout = finalResidual;
        fc.contribution = scaled(c, w);
        out.components.push_back(std::move(fc));
    }

    out.fitted.assign(m, 0.0);
    const std::vector<std::size_t> finalSet = withSet(chosen);
    for (std::size_t i = 0; i < finalSet.size(); ++i) {
        const double w = current.x[i];
        if (w == 0)
            continue;
        const std::vector<double> &col = *cols[finalSet[i]];
        for (std::size_t k = 0; k < m; ++k)
            out.fitted[k] += w * col[k];
    }
    out.residualCurve.resize(m);
    double rss = 0;
    for (std::size_t k = 0; k < m; ++k) {
        out.residualCurve[k] = query[k] - out.fitted[k];
        rss += out.residualCurve[k] * out.residualCurve[k];
    }
    out.residual = prob.btb > 0 ? std::sqrt(rss / prob.btb) : 1.0;
    out.explained = 1.0 - out.residual * out.residual;
    return out;
}

} // namespace candor::matching

namespace candor::matching {

ScreenedOnTop MixtureFit::screenOnTop(std::span<const double> query, const std::vector<std::vector<double>> &chosen,
                                      const std::vector<bool> &chosenAlwaysScreen, const std::vector<double> &candidate) const
{
    const std::size_t m = query.size();
    const std::size_t k = chosen.size();
    if (chosenAlwaysScreen.size() != k)
        throw std::invalid_argument("MixtureFit: chosenAlwaysScreen must have one flag per chosen candidate");
    if (candidate.size() != m || std::any_of(chosen.begin(), chosen.end(), [m](const auto &c) { return c.size() != m; }))
        throw std::invalid_argument("MixtureFit: a candidate has a different number of points");

    // The columns fit() builds for these candidates: the chosen ones with their own terms
    // (a chosen candidate was selectable), the added one plain (it was not), the baseline.
    // Their order in the list does not matter: a Gram entry is the same inner product
    // whichever of the two columns comes first, and each solve takes its subset in fit()'s
    // order (withSet below).
    const std::vector<std::vector<double>> nuisance = nuisanceColumns(m, m_parameters.baselineTerms);
    std::vector<std::vector<double>> aux;
    std::vector<std::vector<std::size_t>> auxOf(k + 1);
    for (std::size_t i = 0; i < k; ++i) {
        if (chosenAlwaysScreen[i] && !m_parameters.highRiskComponentTerms)
            continue;
        for (std::vector<double> &v : termColumns(chosen[i], m_parameters)) {
            aux.push_back(std::move(v));
            auxOf[i].push_back(aux.size() - 1);
        }
    }
    std::vector<const std::vector<double> *> cols;
    cols.reserve(k + 1 + aux.size() + nuisance.size());
    for (const auto &c : chosen)
        cols.push_back(&c);
    cols.push_back(&candidate); // index k
    const std::size_t auxStart = cols.size();
    for (const auto &v : aux)
        cols.push_back(&v);
    for (auto &list : auxOf)
        for (std::size_t &j : list)
            j += auxStart;
    std::vector<std::size_t> base;
    for (const auto &p : nuisance) {
        base.push_back(cols.size());
        cols.push_back(&p);
    }
    Problem prob;
    prob.prepare(cols, query);
    auto withSet = [&](const std::vector<std::size_t> &members) {
        std::vector<std::size_t> s = members;
        for (std::size_t i : members)
            s.insert(s.end(), auxOf[i].begin(), auxOf[i].end());
        s.insert(s.end(), base.begin(), base.end());
        return s;
    };
    std::vector<std::size_t> all(k);
    std::iota(all.begin(), all.end(), std::size_t(0));

    ScreenedOnTop out;
    const std::vector<std::size_t> finalSet = withSet(all);
    const NnlsResult current = prob.solve(finalSet);
    out.finalRss = rssOf(current);
    // fit()'s residualOf: the query less each weighted column of the set, in its order.
    out.residualWithout.assign(query.begin(), query.end());
    for (std::size_t i = 0; i < finalSet.size(); ++i) {
        const double w = current.x[i];
        if (w == 0)
            continue;
        const std::vector<double> &col = *cols[finalSet[i]];
        for (std::size_t p = 0; p < m; ++p)
            out.residualWithout[p] -= w * col[p];
    }
    std::vector<std::size_t> trial = all;
    trial.push_back(k);
    const NnlsResult screened = prob.solve(withSet(trial));
    out.rss = rssOf(screened);
    out.weight = screened.x[k];
    out.gains = out.weight > 0 && out.finalRss - out.rss > 1e-12 * prob.btb;
    out.contribution = candidate;
    for (double &x : out.contribution)
        x *= out.weight;
    out.substituteRss.assign(k, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < k; ++i) {
        if (!chosenAlwaysScreen[i])
            continue;
        std::vector<std::size_t> substitute;
        for (std::size_t j = 0; j < k; ++j)
            if (j != i)
                substitute.push_back(j);
        substitute.push_back(k);
        out.substituteRss[i] = rssOf(prob.solve(withSet(substitute)));
    }
    return out;
}

} // namespace candor::matching
