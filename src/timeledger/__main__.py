from timeledger.cli.main import main

main()
