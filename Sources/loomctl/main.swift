print("loomctl")
