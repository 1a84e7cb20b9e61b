from smm.program import run

run()
