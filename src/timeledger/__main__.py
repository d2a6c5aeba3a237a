from timeledger.cli.app import main_exit

main_exit()
