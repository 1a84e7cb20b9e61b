from smm.cli import run

run()
