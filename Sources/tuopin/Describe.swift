import ArgumentParser
struct Describe: ParsableCommand { func run() throws {} }
