#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Double {
    /// self^exponent (the C library's pow), for files that do not import it.
    func power(_ exponent: Double) -> Double { pow(self, exponent) }
    /// Natural logarithm.
    var naturalLog: Double { log(self) }
}
