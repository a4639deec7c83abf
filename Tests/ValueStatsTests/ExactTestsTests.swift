import Testing
@testable import ValueStats

// Reference values computed independently in Python 3.11 with scipy 1.17:
// scipy.stats.fisher_exact, chi2_contingency(correction=False[, lambda_="log-likelihood"]),
// false_discovery_control, scipy.spatial.distance.jensenshannon(base=2)**2, chi2.sf.
struct ExactTestsTests {
    @Test func fisherMatchesScipy() {
        // fisher_exact([[2, 18], [9, 11]], "less") = 0.015475; "two-sided" = 0.030950
        let baseline = Proportion(9, of: 20), candidate = Proportion(2, of: 20)
        #expect(abs(FisherExact.pValueDecrease(baseline: baseline, candidate: candidate) - 0.015475152571926765) < 1e-9)
        #expect(abs(FisherExact.pValueTwoSided(baseline: baseline, candidate: candidate) - 0.03095030514385353) < 1e-9)
        // fisher_exact([[3, 2], [0, 5]], "greater") = 0.083333
        #expect(abs(FisherExact.pValueIncrease(baseline: Proportion(0, of: 5), candidate: Proportion(3, of: 5)) - 0.08333333333333333) < 1e-9)
    }

    @Test func fisherAtTheEdges() {
        #expect(FisherExact.pValueTwoSided(baseline: Proportion(0, of: 5), candidate: Proportion(0, of: 5)) == 1)
        #expect(abs(FisherExact.pValueDecrease(baseline: Proportion(5, of: 5), candidate: Proportion(5, of: 5)) - 1) < 1e-12)
        #expect(abs(FisherExact.pValueIncrease(baseline: Proportion(1, of: 1), candidate: Proportion(0, of: 1)) - 1) < 1e-12)
    }

    @Test func benjaminiHochbergMatchesScipy() {
        let adjusted = BenjaminiHochberg.adjust([0.01, 0.04, 0.03, 0.005, 0.5])
        for (value, expected) in zip(adjusted, [0.025, 0.05, 0.05, 0.025, 0.5]) { #expect(abs(value - expected) < 1e-12) }
        #expect(BenjaminiHochberg.adjust([]).isEmpty)
        #expect(BenjaminiHochberg.adjust([0.9]) == [0.9])
    }

    @Test func chiSquareAndGMatchScipy() {
        let chi = ContingencyTest.chiSquare(baseline: [30, 10, 5], candidate: [20, 15, 10])
        #expect(abs(chi.statistic - 4.666666666666667) < 1e-9)
        #expect(chi.degreesOfFreedom == 2)
        #expect(abs(chi.pValue - 0.09697196786440507) < 1e-9)
        let g = ContingencyTest.gTest(baseline: [30, 10, 5], candidate: [20, 15, 10])
        #expect(abs(g.statistic - 4.719317400557304) < 1e-9)
        #expect(abs(g.pValue - 0.094452454292088) < 1e-9)
        // A category empty in both rows is not a degree of freedom; one row empty tests nothing.
        #expect(ContingencyTest.chiSquare(baseline: [30, 10, 5, 0], candidate: [20, 15, 10, 0]).degreesOfFreedom == 2)
        #expect(ContingencyTest.chiSquare(baseline: [0, 0], candidate: [3, 4]).pValue == 1)
    }

    @Test func chiSquareTailMatchesScipy() {
        #expect(abs(ChiSquare.survival(5.991, degreesOfFreedom: 2) - 0.05001161502657909) < 1e-9)
        #expect(abs(ChiSquare.survival(3.0, degreesOfFreedom: 1) - 0.08326451666355042) < 1e-9)
        #expect(abs(ChiSquare.survival(10, degreesOfFreedom: 4) - 0.04042768199451279) < 1e-9)
    }

    @Test func jensenShannonMatchesScipy() {
        // p = [.3, .2, .2, .2, .1], q = [.25, .25, .2, .1, .2] as counts out of 20
        #expect(abs(JensenShannon.divergence([6, 4, 4, 4, 2], [5, 5, 4, 2, 4]) - 0.028160828163890126) < 1e-9)
        #expect(JensenShannon.divergence([3, 1], [6, 2]) == 0)
        #expect(JensenShannon.divergence([1, 0], [0, 1]) == 1)
    }
}
