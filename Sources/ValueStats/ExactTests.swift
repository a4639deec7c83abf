import Foundation

/// Fisher's exact test for two proportions, exact at the small counts a few samples per
/// scenario give, where the z-test's normal approximation is poor.
public enum FisherExact {
    /// One-sided p-value that the candidate's rate is lower than the baseline's.
    public static func pValueDecrease(baseline: Proportion, candidate: Proportion) -> Double {
        let table = Hypergeometric(baseline: baseline, candidate: candidate)
        return min(1, (table.lower...candidate.successes).reduce(0) { $0 + table.probability($1) })
    }

    /// One-sided p-value that the candidate's rate is higher than the baseline's.
    public static func pValueIncrease(baseline: Proportion, candidate: Proportion) -> Double {
        let table = Hypergeometric(baseline: baseline, candidate: candidate)
        return min(1, (candidate.successes...table.upper).reduce(0) { $0 + table.probability($1) })
    }

    /// Two-sided p-value: every table at most as likely as the observed one.
    public static func pValueTwoSided(baseline: Proportion, candidate: Proportion) -> Double {
        let table = Hypergeometric(baseline: baseline, candidate: candidate)
        let observed = table.probability(candidate.successes)
        // A relative tolerance keeps tables of equal probability from being lost to rounding.
        let cutoff = observed * (1 + 1e-7)
        return min(1, (table.lower...table.upper).map(table.probability).filter { $0 <= cutoff }.reduce(0, +))
    }

    /// The number of candidate successes given both margins.
    struct Hypergeometric {
        let total: Int, successes: Int, draws: Int
        var lower: Int { max(0, draws - (total - successes)) }
        var upper: Int { min(draws, successes) }

        init(baseline: Proportion, candidate: Proportion) {
            total = baseline.trials + candidate.trials
            successes = baseline.successes + candidate.successes
            draws = candidate.trials
        }

        func probability(_ k: Int) -> Double {
            guard k >= lower, k <= upper else { return 0 }
            return exp(logChoose(successes, k) + logChoose(total - successes, draws - k) - logChoose(total, draws))
        }

        func logChoose(_ n: Int, _ k: Int) -> Double {
            lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        }
    }
}

/// Benjamini-Hochberg adjusted p-values, controlling the false discovery rate across a
/// family of comparisons (every tracked value, cluster and response type of a check).
public enum BenjaminiHochberg {
    /// Adjusted p-values in the input's order.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let index = order[rank - 1]
            running = min(running, pValues[index] * Double(m) / Double(rank))
            adjusted[index] = min(1, running)
        }
        return adjusted
    }
}

/// Pearson's chi-square and the G (log-likelihood) test of independence for a 2×k table:
/// did the distribution over k categories (response types) shift between two runs?
public enum ContingencyTest {
    public struct Result: Sendable, Hashable {
        public let statistic: Double
        public let degreesOfFreedom: Int
        public let pValue: Double
    }

    /// `baseline` and `candidate` count the same categories in the same order. Categories
    /// empty in both rows are dropped; with fewer than two left there is nothing to test.
    public static func chiSquare(baseline: [Int], candidate: [Int]) -> Result {
        test(baseline, candidate) { observed, expected in
            (observed - expected) * (observed - expected) / expected
        }
    }

    public static func gTest(baseline: [Int], candidate: [Int]) -> Result {
        test(baseline, candidate) { observed, expected in
            observed == 0 ? 0 : 2 * observed * log(observed / expected)
        }
    }

    static func test(_ a: [Int], _ b: [Int], term: (Double, Double) -> Double) -> Result {
        precondition(a.count == b.count, "both rows must count the same categories")
        let columns = a.indices.filter { a[$0] + b[$0] > 0 }
        let rowA = Double(columns.map { a[$0] }.reduce(0, +)), rowB = Double(columns.map { b[$0] }.reduce(0, +))
        guard columns.count >= 2, rowA > 0, rowB > 0 else { return Result(statistic: 0, degreesOfFreedom: 0, pValue: 1) }
        let total = rowA + rowB
        var statistic = 0.0
        for column in columns {
            let columnTotal = Double(a[column] + b[column])
            statistic += term(Double(a[column]), rowA * columnTotal / total)
            statistic += term(Double(b[column]), rowB * columnTotal / total)
        }
        let dof = columns.count - 1
        return Result(statistic: statistic, degreesOfFreedom: dof, pValue: ChiSquare.survival(statistic, degreesOfFreedom: dof))
    }
}

/// The chi-square distribution's upper tail, through the regularised incomplete gamma function.
public enum ChiSquare {
    public static func survival(_ x: Double, degreesOfFreedom k: Int) -> Double {
        guard x > 0 else { return 1 }
        return IncompleteGamma.upperRegularized(Double(k) / 2, x / 2)
    }
}

enum IncompleteGamma {
    /// Q(a, x) = Γ(a, x) / Γ(a): a series below a + 1, a continued fraction above.
    static func upperRegularized(_ a: Double, _ x: Double) -> Double {
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, n = a
            for _ in 0..<500 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(-x + a * log(x) - lgamma(a)))
        }
        // Lentz's method for the continued fraction.
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, exp(-x + a * log(x) - lgamma(a)) * h)
    }
}

/// Jensen-Shannon divergence (base 2, in [0, 1]) between two distributions given as
/// counts over the same categories: one summary figure for how far category shares moved.
public enum JensenShannon {
    public static func divergence(_ a: [Int], _ b: [Int]) -> Double {
        precondition(a.count == b.count, "both distributions must count the same categories")
        let totalA = Double(a.reduce(0, +)), totalB = Double(b.reduce(0, +))
        guard totalA > 0, totalB > 0 else { return 0 }
        var divergence = 0.0
        for (x, y) in zip(a, b) {
            let p = Double(x) / totalA, q = Double(y) / totalB, m = (p + q) / 2
            if p > 0 { divergence += 0.5 * p * log2(p / m) }
            if q > 0 { divergence += 0.5 * q * log2(q / m) }
        }
        return divergence
    }
}
