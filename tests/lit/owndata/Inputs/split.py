# A Keras script whose fit() holds out a quarter of its arrays for validation.
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([keras.Input(shape=(16, 16, 3)), layers.Flatten(),
                          layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, validation_split=0.25)
