from smm.cli import main

main()
