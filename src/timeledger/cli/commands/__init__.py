"""The CLI's commands, one module per group; each registers its argparse parsers."""
