import WarraqCLI

// The command itself lives in the WarraqCLI library, so that a package of one's own can run
// it with its plugins registered beside the built-in ones.
await WarraqCommand.main(plugins: [])
